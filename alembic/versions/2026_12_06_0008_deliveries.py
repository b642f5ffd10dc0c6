"""deliveries: the progress message's chat and message out of projects.options; projects.origin

Revision ID: 0008_deliveries
Revises: 0007_usage_survives_user
Create Date: 2026-12-06 15:00:00.000000

`projects.options` becomes typed (`core.project_options.ProjectOptions`); the Telegram
message that shows a project's progress is no choice of the person's and moves to its own
table, written by the bot. Each project also says where it was asked for (`origin`: "chat"
for every project so far), so the notifier can route its reports.

Rows are rewritten to the typed shape: `progress_message` moves to `deliveries`, and keys the
typed options do not know (none were ever written, but a hand-edited row may have some) are
dropped, so every row loads.

Downgrade: the message goes back into the options; `deliveries` and `origin` are dropped.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from alembic import op

revision: str = "0008_deliveries"
down_revision: str | Sequence[str] | None = "0007_usage_survives_user"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")
OPTIONS = {
    "voice", "photos", "music", "logo", "intro", "outro", "voiceover", "character_id",
    "images", "scene_seeds", "approved", "delivered",
}  # fmt: skip
VOICE = {
    "engine", "voice_id", "name", "speed", "pitch", "stability", "similarity", "fixed_speed",
    "transform",
}  # fmt: skip
PROGRESS = "progress_message"

projects = sa.table(
    "projects", sa.column("id", sa.Integer()), sa.column("options", JSON)
)  # fmt: skip
deliveries = sa.table(
    "deliveries",
    sa.column("project_id", sa.Integer()),
    sa.column("chat_id", sa.BigInteger()),
    sa.column("message_id", sa.BigInteger()),
    sa.column("revision", sa.Integer()),
)


def _typed(options: dict[str, Any]) -> dict[str, Any]:
    kept = {key: value for key, value in options.items() if key in OPTIONS}
    if isinstance(kept.get("voice"), dict):
        kept["voice"] = {k: v for k, v in kept["voice"].items() if k in VOICE}
    return kept


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_deliveries_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("project_id", name=op.f("uq_deliveries_project_id")),
    )
    with op.batch_alter_table("projects") as batch:
        batch.add_column(
            sa.Column("origin", sa.String(length=32), server_default="chat", nullable=False)
        )
    bind = op.get_bind()
    rows = bind.execute(sa.select(projects.c.id, projects.c.options)).all()
    for project_id, stored in rows:
        options: dict[str, Any] = stored or {}
        where = options.get(PROGRESS)
        if isinstance(where, dict) and {"chat_id", "message_id"} <= where.keys():
            bind.execute(
                deliveries.insert().values(
                    project_id=project_id,
                    chat_id=int(where["chat_id"]),
                    message_id=int(where["message_id"]),
                    revision=int(where.get("revision", 0)),
                )
            )
        if _typed(options) != options:
            bind.execute(
                projects.update()
                .where(projects.c.id == project_id)
                .values(options=_typed(options))
            )


def downgrade() -> None:
    bind = op.get_bind()
    found = bind.execute(
        sa.select(
            deliveries.c.project_id,
            deliveries.c.chat_id,
            deliveries.c.message_id,
            deliveries.c.revision,
            projects.c.options,
        ).join(projects, projects.c.id == deliveries.c.project_id)
    ).all()
    for project_id, chat_id, message_id, revision, options in found:
        where = {"chat_id": chat_id, "message_id": message_id, "revision": revision}
        bind.execute(
            projects.update()
            .where(projects.c.id == project_id)
            .values(options={**(options or {}), PROGRESS: where})
        )
    with op.batch_alter_table("projects") as batch:
        batch.drop_column("origin")
    op.drop_table("deliveries")
