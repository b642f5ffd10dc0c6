"""projects and scripts queries: user scoping, job-side lookups, state, script replacement."""

from typing import Any

import pytest
from factories import ProjectFactory, UserFactory
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ProjectStatus, StageName
from core.project_options import ProjectOptions, VoiceChoice
from db.models import Project, User
from db.queries import projects, scripts

pytestmark = pytest.mark.usefixtures("factories")


async def _project(session: AsyncSession, user: User, **fields: Any) -> Project:
    return await projects.create_project(
        session,
        user.id,
        topic="Octopuses",
        language="ru",
        target_duration=30.0,
        style="facts",
        tone="calm",
        **fields,
    )


async def test_create_and_scoped_get(session: AsyncSession) -> None:
    owner, stranger = await UserFactory.create_batch_async(2)
    voice = VoiceChoice(name="ru+f3", speed=1.2)
    project = await _project(session, owner, options=ProjectOptions(voice=voice))
    assert project.options.voice == voice
    assert project.workdir == f"projects/{project.id}"
    assert project.status is ProjectStatus.DRAFT
    assert await projects.get_project(session, project.id, owner.id) is project
    assert await projects.get_project(session, project.id, stranger.id) is None
    assert await projects.get_project(session, project.id + 10**6, owner.id) is None
    assert await projects.get_project_for_job(session, project.id) is project
    explicit = await _project(session, owner, workdir="custom/dir")
    assert explicit.workdir == "custom/dir"


async def test_list_projects_newest_first_and_only_the_users(session: AsyncSession) -> None:
    owner, stranger = await UserFactory.create_batch_async(2)
    mine = [await _project(session, owner) for _ in range(3)]
    await _project(session, stranger)
    listed = await projects.list_projects(session, owner.id, limit=2)
    assert [p.id for p in listed] == [mine[2].id, mine[1].id]


async def test_unfinished_projects_are_queued_or_running(session: AsyncSession) -> None:
    user = await UserFactory.create_async()
    by_status = {
        status: await ProjectFactory.create_async(user_id=user.id, status=status)
        for status in ProjectStatus
    }
    unfinished = await projects.list_unfinished_projects(session)
    expected = {by_status[ProjectStatus.QUEUED].id, by_status[ProjectStatus.RUNNING].id}
    assert expected <= {p.id for p in unfinished}
    assert all(p.status in (ProjectStatus.QUEUED, ProjectStatus.RUNNING) for p in unfinished)


async def test_set_project_state(session: AsyncSession) -> None:
    project = await ProjectFactory.create_async(user_id=(await UserFactory.create_async()).id)
    projects.set_project_state(project, ProjectStatus.RUNNING, stage=StageName.VOICE, progress=1.7)
    assert (project.status, project.stage, project.progress) == (
        ProjectStatus.RUNNING,
        StageName.VOICE,
        1.0,
    )
    projects.set_project_state(
        project, ProjectStatus.FAILED, stage=StageName.VOICE, error_key="tts-failed", error="boom"
    )
    assert (project.progress, project.error_key, project.error) == (1.0, "tts-failed", "boom")
    projects.set_project_state(project, ProjectStatus.QUEUED, stage=None, progress=-1)
    await session.flush()
    assert (project.stage, project.progress, project.error_key, project.error) == (
        None,
        0.0,
        None,
        None,
    )


async def test_upsert_script_replaces_the_current_one(session: AsyncSession) -> None:
    owner, stranger = await UserFactory.create_batch_async(2)
    project = await ProjectFactory.create_async(user_id=owner.id)
    fields: dict[str, Any] = {
        "language": "ru",
        "hook": "Did you know?",
        "points": ["one", "two"],
        "cta": "Subscribe",
        "scenes": [{"index": 0, "text": "a", "visual_prompt": "b", "start": 0.0, "end": 2.5}],
        "title": "Octopuses",
        "description": "Three hearts",
        "hashtags": ["#octopus"],
        "writer": "offline",
    }
    first = await scripts.upsert_script(session, project.id, **fields)
    rewrite = {**fields, "hook": "New hook", "points": ["three"], "writer": "openai"}
    second = await scripts.upsert_script(session, project.id, **rewrite)
    assert second.id == first.id
    session.expunge_all()
    stored = await scripts.get_script(session, project.id, owner.id)
    assert stored is not None
    assert (stored.hook, stored.points, stored.writer) == ("New hook", ["three"], "openai")
    assert stored.scenes == fields["scenes"]
    assert await scripts.get_script(session, project.id, stranger.id) is None
    assert await scripts.get_script_for_job(session, project.id) is stored
