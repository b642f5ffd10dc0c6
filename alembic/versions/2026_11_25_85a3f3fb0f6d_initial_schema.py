"""initial schema: users, projects, scripts, stage_runs, artifacts, usage_entries

Revision ID: 85a3f3fb0f6d
Revises:
Create Date: 2026-11-25 08:34:47.616658

Written out for both dialects: enum columns are plain VARCHAR(32) (no native type, no CHECK,
see db/base.py), JSON is JSONB on PostgreSQL, timestamps default to now() (CURRENT_TIMESTAMP
on SQLite). Constraint names follow db.base.NAMING_CONVENTION.
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "85a3f3fb0f6d"
down_revision: str | Sequence[str] | None = None
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


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=True),
        sa.Column("name", sa.String(256), nullable=False),
        sa.Column("language", sa.String(8), server_default="ru", nullable=False),
        sa.Column("is_blocked", sa.Boolean(), server_default=sa.false(), nullable=False),
        *timestamp_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("telegram_id", name="uq_users_telegram_id"),
    )
    local_only = sa.column("telegram_id").is_(None)
    op.create_index(
        "uq_users_local_name",
        "users",
        ["name"],
        unique=True,
        postgresql_where=local_only,
        sqlite_where=local_only,
    )

    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("target_duration", sa.Float(), nullable=False),
        sa.Column("style", sa.String(64), nullable=False),
        sa.Column("tone", sa.String(64), nullable=False),
        sa.Column("options", JSON, nullable=False),
        enum_column("status", default="draft"),
        enum_column("stage", nullable=True),
        sa.Column("progress", sa.Float(), server_default="0", nullable=False),
        sa.Column("error_key", sa.String(128), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("revision", sa.Integer(), server_default="0", nullable=False),
        sa.Column("workdir", sa.String(512), server_default="", nullable=False),
        *timestamp_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_projects"),
        fk("user_id", "users.id", "projects", "CASCADE"),
    )
    op.create_index("ix_projects_user_id", "projects", ["user_id"])

    op.create_table(
        "scripts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("hook", sa.Text(), nullable=False),
        sa.Column("points", JSON, nullable=False),
        sa.Column("cta", sa.Text(), nullable=False),
        sa.Column("scenes", JSON, nullable=False),
        sa.Column("title", sa.String(256), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("hashtags", JSON, nullable=False),
        sa.Column("writer", sa.String(64), nullable=False),
        *timestamp_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_scripts"),
        sa.UniqueConstraint("project_id", name="uq_scripts_project_id"),
        fk("project_id", "projects.id", "scripts", "CASCADE"),
    )

    op.create_table(
        "stage_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        enum_column("stage"),
        sa.Column("revision", sa.Integer(), nullable=False),
        enum_column("status"),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_stage_runs"),
        sa.UniqueConstraint("project_id", "stage", name="uq_stage_runs_project_id_stage"),
        fk("project_id", "projects.id", "stage_runs", "CASCADE"),
    )

    op.create_table(
        "artifacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("stage_run_id", sa.Integer(), nullable=False),
        enum_column("kind"),
        sa.Column("index", sa.Integer(), server_default="0", nullable=False),
        sa.Column("path", sa.String(1024), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("duration", sa.Float(), nullable=True),
        sa.Column("meta", JSON, nullable=False),
        *timestamp_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_artifacts"),
        sa.UniqueConstraint(
            "project_id", "kind", "index", name="uq_artifacts_project_id_kind_index"
        ),
        fk("project_id", "projects.id", "artifacts", "CASCADE"),
        fk("stage_run_id", "stage_runs.id", "artifacts", "CASCADE"),
    )
    op.create_index("ix_artifacts_stage_run_id", "artifacts", ["stage_run_id"])

    op.create_table(
        "usage_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        enum_column("stage", nullable=True),
        sa.Column("provider", sa.String(64), nullable=False),
        enum_column("unit"),
        sa.Column("quantity", sa.Numeric(14, 4), nullable=False),
        sa.Column("cost_usd", sa.Numeric(12, 6), server_default="0", nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_usage_entries"),
        fk("user_id", "users.id", "usage_entries", "CASCADE"),
        fk("project_id", "projects.id", "usage_entries", "SET NULL"),
    )
    op.create_index(
        "ix_usage_entries_user_id_created_at", "usage_entries", ["user_id", "created_at"]
    )
    op.create_index("ix_usage_entries_project_id", "usage_entries", ["project_id"])


def downgrade() -> None:
    # Children before parents; each table's indexes and constraints go with it.
    for table in ("usage_entries", "artifacts", "stage_runs", "scripts", "projects", "users"):
        op.drop_table(table)
