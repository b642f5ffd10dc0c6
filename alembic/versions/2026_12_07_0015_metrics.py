"""Metrics: append-only snapshots of each published post's numbers, when each publication is
read next, the project's cached engagement sums and the weekly digest opt-in

Revision ID: 0015_metrics
Revises: 0014_api_keys_webhooks
Create Date: 2026-12-07 03:00:00.000000

One new table and nullable (or defaulted) columns; nothing existing changes meaning.
Downgrade drops them: collected numbers are forgotten.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0015_metrics"
down_revision: str | Sequence[str] | None = "0014_api_keys_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COUNTS = ("views", "likes", "comments", "shares", "saves")


def _json() -> sa.JSON:
    return sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")


def _fk(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{table}.id"], name=f"fk_metric_snapshots_{column}_{table}", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "metric_snapshots",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=True) for name in _COUNTS),
        sa.Column("watch_time_s", sa.Float(), nullable=True),
        sa.Column("extra", _json(), nullable=False),
        _fk("publication_id", "publications"),
        _fk("user_id", "users"),
        _fk("project_id", "projects"),
        sa.PrimaryKeyConstraint("id", name="pk_metric_snapshots"),
    )
    op.create_index(
        "ix_metric_snapshots_publication_id_taken_at",
        "metric_snapshots",
        ["publication_id", "taken_at"],
    )
    op.create_index("ix_metric_snapshots_user_id", "metric_snapshots", ["user_id"])
    op.create_index("ix_metric_snapshots_taken_at", "metric_snapshots", ["taken_at"])
    with op.batch_alter_table("publications") as batch:
        batch.add_column(sa.Column("metrics_due_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("metrics_read_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("metrics_state", sa.String(32), nullable=True))
        batch.create_index("ix_publications_metrics_due_at", ["metrics_due_at"])
    with op.batch_alter_table("projects") as batch:
        for name in ("total_views", "total_likes", "total_shares"):
            batch.add_column(sa.Column(name, sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("engagement_rate", sa.Float(), nullable=True))
        batch.add_column(
            sa.Column("metrics_updated_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("weekly_digest", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(sa.Column("digest_sent_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("digest_sent_at")
        batch.drop_column("weekly_digest")
    with op.batch_alter_table("projects") as batch:
        for name in ("metrics_updated_at", "engagement_rate", "total_shares", "total_likes"):
            batch.drop_column(name)
        batch.drop_column("total_views")
    with op.batch_alter_table("publications") as batch:
        batch.drop_index("ix_publications_metrics_due_at")
        for name in ("metrics_state", "metrics_read_at", "metrics_due_at"):
            batch.drop_column(name)
    op.drop_index("ix_metric_snapshots_taken_at", table_name="metric_snapshots")
    op.drop_index("ix_metric_snapshots_user_id", table_name="metric_snapshots")
    op.drop_index("ix_metric_snapshots_publication_id_taken_at", table_name="metric_snapshots")
    op.drop_table("metric_snapshots")
