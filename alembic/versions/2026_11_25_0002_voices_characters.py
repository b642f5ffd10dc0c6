"""voice and character studios: voices, voice_samples, characters, character_photos

Revision ID: 0002_studios
Revises: 85a3f3fb0f6d
Create Date: 2026-11-25 12:00:00.000000

Written out for both dialects, as the initial schema: enum columns are plain VARCHAR(32),
JSON is JSONB on PostgreSQL, timestamps default to now(). Constraint names follow
db.base.NAMING_CONVENTION. The partial unique indexes allow one default voice and one
default character per user.
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0002_studios"
down_revision: str | Sequence[str] | None = "85a3f3fb0f6d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def enum_column(
    name: str, *, nullable: bool = False, default: str | None = None
) -> sa.Column[str]:
    return sa.Column(name, sa.String(32), server_default=default, nullable=nullable)


def timestamp_columns() -> list[sa.Column[datetime]]:
    return [
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    ]


def fk(column: str, target: str, table: str, ondelete: str) -> sa.ForeignKeyConstraint:
    referred = target.split(".", maxsplit=1)[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=f"fk_{table}_{column}_{referred}", ondelete=ondelete
    )


def default_index(table: str) -> None:
    """At most one row with is_default per user."""
    is_default = sa.column("is_default", sa.Boolean())
    op.create_index(
        f"uq_{table}_default_user_id",
        table,
        ["user_id"],
        unique=True,
        postgresql_where=is_default,
        sqlite_where=is_default,
    )


def upgrade() -> None:
    op.create_table(
        "voices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        enum_column("engine"),
        sa.Column("params", JSON, nullable=False),
        sa.Column("provider_voice_id", sa.String(128), nullable=True),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_default", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("measured", JSON, nullable=False),
        *timestamp_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_voices"),
        fk("user_id", "users.id", "voices", "CASCADE"),
    )
    op.create_index("ix_voices_user_id", "voices", ["user_id"])
    default_index("voices")

    op.create_table(
        "voice_samples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("voice_id", sa.Integer(), nullable=True),
        sa.Column("path", sa.String(1024), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("metrics", JSON, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_voice_samples"),
        fk("user_id", "users.id", "voice_samples", "CASCADE"),
        fk("voice_id", "voices.id", "voice_samples", "CASCADE"),
    )
    op.create_index("ix_voice_samples_user_id_voice_id", "voice_samples", ["user_id", "voice_id"])
    op.create_index("ix_voice_samples_voice_id", "voice_samples", ["voice_id"])

    op.create_table(
        "characters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("style", sa.String(32), nullable=False),
        sa.Column("colours", JSON, nullable=False),
        sa.Column("logo_path", sa.String(1024), nullable=True),
        sa.Column("is_default", sa.Boolean(), server_default=sa.false(), nullable=False),
        *timestamp_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_characters"),
        fk("user_id", "users.id", "characters", "CASCADE"),
    )
    op.create_index("ix_characters_user_id", "characters", ["user_id"])
    default_index("characters")

    op.create_table(
        "character_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("character_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(1024), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_character_photos"),
        sa.UniqueConstraint(
            "character_id", "index", name="uq_character_photos_character_id_index"
        ),
        fk("character_id", "characters.id", "character_photos", "CASCADE"),
    )


def downgrade() -> None:
    # Children before parents; each table's indexes and constraints go with it.
    for table in ("character_photos", "characters", "voice_samples", "voices"):
        op.drop_table(table)
