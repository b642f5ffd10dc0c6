"""character_variations: a character's emotions and poses as pictures

Revision ID: 0004_character_variations
Revises: 0003_fsm_states
Create Date: 2026-11-25 14:00:00.000000

Written out for both dialects, as the earlier revisions: enum columns are plain VARCHAR(32),
constraint names follow db.base.NAMING_CONVENTION. Both foreign keys cascade, so deleting a
character (or its user) deletes its variations.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0004_character_variations"
down_revision: str | Sequence[str] | None = "0003_fsm_states"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "character_variations"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("character_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("path", sa.String(1024), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_character_variations"),
        sa.UniqueConstraint(
            "character_id", "kind", name="uq_character_variations_character_id_kind"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_character_variations_user_id_users",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["character_id"],
            ["characters.id"],
            name="fk_character_variations_character_id_characters",
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_character_variations_user_id_character_id", TABLE, ["user_id", "character_id"]
    )


def downgrade() -> None:
    op.drop_table(TABLE)
