"""variation jobs: a character's variations are made by a job, its state kept on the row

Revision ID: 0009_variation_jobs
Revises: 0008_deliveries
Create Date: 2026-12-06 16:00:00.000000

`characters` gains the variations job's state (queued, running, ready, failed), the kinds
asked for, a failure's message key and the request count its job IDs are made from. Existing
characters have had no job: every column starts empty (the count at 0).

Downgrade: the four columns are dropped (a job still queued then finds nothing to do).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from alembic import op

revision: str = "0009_variation_jobs"
down_revision: str | Sequence[str] | None = "0008_deliveries"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("characters") as batch:
        batch.add_column(sa.Column("variations_state", sa.String(32), nullable=True))
        batch.add_column(
            sa.Column("variations_kinds", JSON, nullable=False, server_default=sa.text("'[]'"))
        )
        batch.add_column(sa.Column("variations_error", sa.String(64), nullable=True))
        batch.add_column(
            sa.Column("variations_attempt", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("characters") as batch:
        batch.drop_column("variations_attempt")
        batch.drop_column("variations_error")
        batch.drop_column("variations_kinds")
        batch.drop_column("variations_state")
