"""project_leases: an attempt count, a lease with its heartbeat, and the preview's delivery

Revision ID: 0006_project_leases
Revises: 0005_usage_request_ids
Create Date: 2026-11-26 10:00:00.000000

Every new column is nullable or has a server default, so the upgrade touches no row except
the backfill: Shorts finished before this revision count as delivered (their preview went
out the old way), or the reaper would send every old preview again.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0006_project_leases"
down_revision: str | Sequence[str] | None = "0005_usage_request_ids"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("attempts", "lease_owner", "heartbeat_at", "preview_sent_at")


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("lease_owner", sa.String(128), nullable=True))
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("preview_sent_at", sa.DateTime(timezone=True), nullable=True))
    projects = sa.table(
        "projects",
        sa.column("status", sa.String(32)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("preview_sent_at", sa.DateTime(timezone=True)),
    )
    op.execute(
        projects.update()
        .where(projects.c.status == "done")
        .values(preview_sent_at=projects.c.updated_at)
    )


def downgrade() -> None:
    # The lease and delivery state only matter to running jobs: stop the workers first.
    with op.batch_alter_table("projects") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
