"""services/review.py: owner checks, state guards, scene splitting, what a redo resets, and
the enqueue after the commit."""

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ProjectStatus
from core.errors import NotFound
from core.settings import LimitsSettings
from db.models import Project
from db.queries import projects, scripts, users
from jobs.queue import ArqQueue
from pipeline.writers import narration
from services import progress, review
from services.deliverables import get_deliverables
from services.production import project_job_id
from storage.disk import Storage

LIMITS = LimitsSettings()
SCENES = [
    {"index": i, "text": f"Scene {i}.", "visual_prompt": "p", "start": i, "end": i + 1}
    for i in range(4)
]


async def _project(session: AsyncSession, status: ProjectStatus) -> tuple[int, Project]:
    owner = await users.get_or_create_user(session, 111, "Owner", "en")
    await users.get_or_create_user(session, 222, "Other", "en")
    project = await projects.create_project(
        session, owner.id, topic="t", language="en", target_duration=15, style="vivid", tone="c"
    )
    await scripts.upsert_script(
        session,
        project.id,
        language="en",
        hook="h",
        points=["p"],
        cta="c",
        scenes=SCENES,
        title="T",
        description="D",
        hashtags=["#a"],
        writer="offline",
    )
    projects.set_project_state(project, status, stage=None)
    await session.commit()
    return owner.id, project


@pytest.mark.parametrize(
    ("text", "count", "parts"),
    [
        (
            "One. Two is longer. Three! Four? Five six.",
            3,
            ["One. Two is longer.", "Three!", "Four? Five six."],
        ),
        ("a b c", 3, ["a", "b", "c"]),
        ("Only one sentence here", 2, ["Only one", "sentence here"]),
    ],
)
def test_split_scenes(text: str, count: int, parts: list[str]) -> None:
    assert narration.split_scenes(text, count) == parts


def test_split_scenes_needs_a_word_per_scene() -> None:
    with pytest.raises(narration.ScriptTooShort):
        narration.split_scenes("two words", 3)


async def test_guards_and_owner_checks(
    session: AsyncSession, storage_root: Path, arq_queue: ArqQueue
) -> None:
    storage, queue = Storage(storage_root), arq_queue
    owner, project = await _project(session, ProjectStatus.RUNNING)
    other = (await users.get_user_by_telegram_id(session, 222)).id  # type: ignore[union-attr]
    with pytest.raises(review.ProjectBusy):
        await review.regenerate_scene(
            session, storage, owner, project.id, 0, limits=LIMITS, queue=queue
        )
    with pytest.raises(review.PreviewNotReady):
        await review.approve_preview(session, storage, owner, project.id)
    for call in (
        review.approve_preview(session, storage, other, project.id),
        review.regenerate_scene(
            session, storage, other, project.id, 0, limits=LIMITS, queue=queue
        ),
        review.change_voice(session, storage, other, project.id, None, limits=LIMITS, queue=queue),
        review.edit_script(
            session, storage, other, project.id, "New text here.", limits=LIMITS, queue=queue
        ),
        get_deliverables(session, storage, other, project.id),
        progress.remember_progress_message(session, other, project.id, progress.ChatMessage(1, 2)),
    ):
        with pytest.raises(NotFound):
            await call
    projects.set_project_state(project, ProjectStatus.DONE, stage=None)
    await session.commit()
    with pytest.raises(NotFound):
        await review.regenerate_scene(
            session, storage, owner, project.id, 4, limits=LIMITS, queue=queue
        )
    with pytest.raises(NotFound):  # another user's voice
        await review.change_voice(
            session, storage, owner, project.id, 10**6, limits=LIMITS, queue=queue
        )
    with pytest.raises(narration.ScriptEmpty):
        await review.edit_script(
            session, storage, owner, project.id, "{\\} 123 ... !!", limits=LIMITS, queue=queue
        )
    with pytest.raises(narration.ScriptTooLong):
        await review.edit_script(
            session, storage, owner, project.id, "word " * 500, limits=LIMITS, queue=queue
        )
    assert project.revision == 0  # nothing refused was queued
    assert not await queue.is_pending(project_job_id(project.id, 1))


async def test_redo_bumps_the_revision_and_seeds_only_that_scene(
    session: AsyncSession, storage_root: Path, arq_queue: ArqQueue
) -> None:
    storage, queue = Storage(storage_root), arq_queue
    owner, project = await _project(session, ProjectStatus.DONE)
    await review.regenerate_scene(
        session, storage, owner, project.id, 2, limits=LIMITS, queue=queue
    )
    assert (project.revision, project.status) == (1, ProjectStatus.QUEUED)
    assert await queue.is_pending(project_job_id(project.id, 1))  # enqueued after the commit
    assert list(project.options.scene_seeds) == ["2"]
    projects.set_project_state(project, ProjectStatus.DONE, stage=None)
    await review.edit_script(
        session, storage, owner, project.id, "A {b} c. D e. F. G h i.", limits=LIMITS, queue=queue
    )
    script = await scripts.get_script(session, project.id, owner)
    assert script is not None
    assert [s["text"] for s in script.scenes] == ["A b c.", "D e.", "F.", "G h i."]
    assert project.revision == 2
