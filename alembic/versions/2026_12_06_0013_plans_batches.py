"""plans and batches: each user's plan and its end, Telegram Stars payments, batches of
Shorts and each project's batch

Revision ID: 0013_plans_batches
Revises: 0012_publications
Create Date: 2026-12-06 21:00:00.000000

`users.plan` starts as "free" for everyone. `payments.charge_id` (Telegram's
telegram_payment_charge_id) is unique, so one payment grants once. `batches` is new;
`projects.batch_id` is NULL for every Short made before.

Downgrade: the three columns of users, projects' batch columns and both tables are dropped;
paid plans and batch membership are forgotten (the Shorts stay).
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from alembic import op

revision: str = "0013_plans_batches"
down_revision: str | Sequence[str] | None = "0012_publications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamps() -> list[sa.Column[datetime]]:
    return [
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    ]


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("plan", sa.String(32), server_default="free", nullable=False))
        batch.add_column(sa.Column("plan_expires_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("plan_reminded_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("plan", sa.String(32), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("charge_id", sa.String(128), nullable=False),
        sa.Column("provider_charge_id", sa.String(128), nullable=True),
        sa.Column("payload", sa.String(128), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("period_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("period_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refunded_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_payments_user_id_users", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_payments"),
        sa.UniqueConstraint("charge_id", name="uq_payments_charge_id"),
    )
    op.create_index("ix_payments_user_id", "payments", ["user_id"])
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column(
            "options",
            sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("progress_message_id", sa.Integer(), nullable=True),
        sa.Column("estimate_s", sa.Float(), nullable=True),
        sa.Column("estimate_usd", sa.Numeric(12, 6), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("summary_sent_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_batches_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_batches"),
    )
    op.create_index("ix_batches_user_id", "batches", ["user_id"])
    op.create_index("ix_batches_status", "batches", ["status"])
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("batch_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("batch_index", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_projects_batch_id_batches", "batches", ["batch_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_index("ix_projects_batch_id", ["batch_id"])


def downgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        batch.drop_index("ix_projects_batch_id")
        batch.drop_constraint("fk_projects_batch_id_batches", type_="foreignkey")
        batch.drop_column("batch_index")
        batch.drop_column("batch_id")
    op.drop_index("ix_batches_status", table_name="batches")
    op.drop_index("ix_batches_user_id", table_name="batches")
    op.drop_table("batches")
    op.drop_index("ix_payments_user_id", table_name="payments")
    op.drop_table("payments")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("plan_reminded_at")
        batch.drop_column("plan_expires_at")
        batch.drop_column("plan")
