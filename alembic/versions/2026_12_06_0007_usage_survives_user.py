"""usage_entries.user_id: nullable, SET NULL when the user is deleted

Revision ID: 0007_usage_survives_user
Revises: 0006_project_leases
Create Date: 2026-12-06 12:00:00.000000

/delete_my_data deletes the user's row and everything that cascades from it. The ledger is
the exception: what providers billed still happened and must add up with their invoices, so
the user's usage rows stay with neither user nor project (project_id already goes NULL).

Downgrade: user_id is NOT NULL again and cascades; the rows that lost their user cannot
get one back, so they are deleted first (the anonymised spending leaves the totals).
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0007_usage_survives_user"
down_revision: str | Sequence[str] | None = "0006_project_leases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "usage_entries"
FK = "fk_usage_entries_user_id_users"


def _user_fk(*, nullable: bool, ondelete: str) -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_constraint(FK, type_="foreignkey")
        batch.alter_column("user_id", existing_type=sa.Integer(), nullable=nullable)
        batch.create_foreign_key(FK, "users", ["user_id"], ["id"], ondelete=ondelete)


def upgrade() -> None:
    _user_fk(nullable=True, ondelete="SET NULL")


def downgrade() -> None:
    usage = sa.table(TABLE, sa.column("user_id", sa.Integer()))
    op.execute(usage.delete().where(usage.c.user_id.is_(None)))
    _user_fk(nullable=False, ondelete="CASCADE")
