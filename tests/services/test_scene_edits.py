"""services/scene_edits.py: one text per scene, owner-checked, refused whole when the count
or a text is wrong, then a new revision queued from voice."""

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from test_review import LIMITS, SCENES, _project

from core.enums import ProjectStatus
from core.errors import NotFound
from db.queries import scripts
from jobs.queue import ArqQueue
from pipeline.writers.narration import ScriptEmpty
from services.production import project_job_id
from services.review import ProjectBusy
from services.scene_edits import SceneTextsMismatch, edit_scenes

TEXTS = ["One {new} line.", "Two.", "Three  here.", "Four!"]


async def test_each_scene_gets_its_text_and_the_short_is_queued_again(
    session: AsyncSession, storage_root: Path, arq_queue: ArqQueue
) -> None:
    del storage_root
    owner, project = await _project(session, ProjectStatus.DONE)
    await edit_scenes(session, owner, project.id, TEXTS, limits=LIMITS, queue=arq_queue)
    assert (project.revision, project.status) == (1, ProjectStatus.QUEUED)
    assert await arq_queue.is_pending(project_job_id(project.id, 1))
    script = await scripts.get_script(session, project.id, owner)
    assert script is not None
    assert [s["text"] for s in script.scenes] == ["One new line.", "Two.", "Three here.", "Four!"]
    assert [s["visual_prompt"] for s in script.scenes] == [s["visual_prompt"] for s in SCENES]


@pytest.mark.parametrize(
    ("texts", "error"),
    [
        (TEXTS[:3], SceneTextsMismatch),
        ([*TEXTS, "Five."], SceneTextsMismatch),
        (["", *TEXTS[1:]], ScriptEmpty),
    ],
)
async def test_a_wrong_list_changes_nothing(
    session: AsyncSession, arq_queue: ArqQueue, texts: list[str], error: type[Exception]
) -> None:
    owner, project = await _project(session, ProjectStatus.DONE)
    with pytest.raises(error):
        await edit_scenes(session, owner, project.id, texts, limits=LIMITS, queue=arq_queue)
    script = await scripts.get_script(session, project.id, owner)
    assert script is not None
    assert [s["text"] for s in script.scenes] == [s["text"] for s in SCENES]
    assert project.revision == 0


async def test_busy_and_not_owned_are_refused(session: AsyncSession, arq_queue: ArqQueue) -> None:
    owner, project = await _project(session, ProjectStatus.RUNNING)
    with pytest.raises(ProjectBusy):
        await edit_scenes(session, owner, project.id, TEXTS, limits=LIMITS, queue=arq_queue)
    with pytest.raises(NotFound):
        await edit_scenes(session, owner + 1, project.id, TEXTS, limits=LIMITS, queue=arq_queue)
