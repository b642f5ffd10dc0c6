"""usage_request_ids: the provider's request id on each ledger row

Revision ID: 0005_usage_request_ids
Revises: 0004_character_variations
Create Date: 2026-11-26 10:00:00.000000

One nullable column, so existing rows need no value. Batch mode for SQLite (it cannot drop
a column in place on older versions); PostgreSQL alters the table directly.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0005_usage_request_ids"
down_revision: str | Sequence[str] | None = "0004_character_variations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "usage_entries"


def upgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.add_column(sa.Column("request_id", sa.String(128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_column("request_id")
