"""voice requests: a voice from the draft samples is made by a job, its request kept here

Revision ID: 0010_voice_requests
Revises: 0009_variation_jobs
Create Date: 2026-12-06 16:10:00.000000

`voice_requests` holds each request's name and language, the job's state (queued, running,
ready, failed), a failure's message key and the voice it made (kept when the voice is
deleted: the column goes NULL). No rows exist before: voices were made in the chat update.

Downgrade: the table is dropped (a queued request is forgotten; its draft samples stay).
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0010_voice_requests"
down_revision: str | Sequence[str] | None = "0009_variation_jobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "voice_requests"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("error", sa.String(64), nullable=True),
        sa.Column("voice_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_voice_requests_user_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["voice_id"],
            ["voices.id"],
            name="fk_voice_requests_voice_id_voices",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_voice_requests"),
    )
    op.create_index("ix_voice_requests_user_id", TABLE, ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_voice_requests_user_id", table_name=TABLE)
    op.drop_table(TABLE)
