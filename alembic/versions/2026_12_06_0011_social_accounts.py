"""social accounts and OAuth flows: the accounts a user publishes to, their sealed tokens

Revision ID: 0011_social_accounts
Revises: 0010_voice_requests
Create Date: 2026-12-06 17:30:00.000000

`social_accounts` holds one row per (user, platform, the platform's account ID) with its
name, status, Fernet-sealed tokens (ciphertext only), expiry, scope and the refresh lease.
`oauth_flows` holds each consent in progress: its nonce, owner, platform, sealed PKCE
verifier, expiry and when its callback used it. No rows exist before.

Downgrade: both tables are dropped (connected accounts are forgotten; users connect again).
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0011_social_accounts"
down_revision: str | Sequence[str] | None = "0010_voice_requests"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "social_accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("external_id", sa.String(128), nullable=False),
        sa.Column("name", sa.String(256), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("access_token", sa.Text(), nullable=True),
        sa.Column("refresh_token", sa.Text(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("scope", sa.String(1024), nullable=True),
        sa.Column("refresh_owner", sa.String(64), nullable=True),
        sa.Column("refresh_until", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_social_accounts_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_social_accounts"),
        sa.UniqueConstraint(
            "user_id",
            "platform",
            "external_id",
            name="uq_social_accounts_user_id_platform_external_id",
        ),
    )
    op.create_index("ix_social_accounts_user_id", "social_accounts", ["user_id"])
    op.create_table(
        "oauth_flows",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("code_verifier", sa.Text(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_oauth_flows_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_oauth_flows"),
        sa.UniqueConstraint("nonce", name="uq_oauth_flows_nonce"),
    )
    op.create_index("ix_oauth_flows_user_id", "oauth_flows", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_oauth_flows_user_id", table_name="oauth_flows")
    op.drop_table("oauth_flows")
    op.drop_index("ix_social_accounts_user_id", table_name="social_accounts")
    op.drop_table("social_accounts")
