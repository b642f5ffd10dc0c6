"""publications: one Short to one account, its state machine, schedule and resume ledger;
and each user's time zone for schedules

Revision ID: 0012_publications
Revises: 0011_social_accounts
Create Date: 2026-12-06 18:00:00.000000

`publications` is new (no rows before). `(project_id, account_id, repost)` is unique so the
same Short cannot reach the same account twice by accident. `users.timezone` (an IANA name,
NULL: UTC) is where the person's schedule times are read; `users.ai_disclosure`
(NULL: not asked yet) is their answer to "label my posts as AI-generated", asked once.

Downgrade: both are dropped; scheduled posts are forgotten.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0012_publications"
down_revision: str | Sequence[str] | None = "0011_social_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "publications"
INDEXED = ("user_id", "account_id", "state", "due_at", "started_at")


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("origin", sa.String(32), server_default="chat", nullable=False),
        sa.Column("repost", sa.Integer(), server_default="0", nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("choices", sa.JSON().with_variant(
            sa.dialects.postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("ledger", sa.JSON().with_variant(
            sa.dialects.postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("post_id", sa.String(128), nullable=True),
        sa.Column("post_url", sa.String(512), nullable=True),
        sa.Column("error_key", sa.String(64), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("tries", sa.Integer(), server_default="0", nullable=False),
        sa.Column("lease_owner", sa.String(128), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_publications_user_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"],
            name="fk_publications_project_id_projects", ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["social_accounts.id"],
            name="fk_publications_account_id_social_accounts", ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_publications"),
        sa.UniqueConstraint(
            "project_id", "account_id", "repost",
            name="uq_publications_project_id_account_id_repost",
        ),
    )  # fmt: skip
    for column in INDEXED:
        op.create_index(f"ix_publications_{column}", TABLE, [column])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("timezone", sa.String(64), nullable=True))
        batch.add_column(sa.Column("ai_disclosure", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("ai_disclosure")
        batch.drop_column("timezone")
    for column in INDEXED:
        op.drop_index(f"ix_publications_{column}", table_name=TABLE)
    op.drop_table(TABLE)
