"""Model round trips on PostgreSQL, constraints, cascades and the lazy="raise" rule."""

from datetime import datetime
from typing import Any, TypeVar

import pytest
from factories import (
    ArtifactFactory,
    ProjectFactory,
    ScriptFactory,
    StageRunFactory,
    UsageEntryFactory,
    UserFactory,
)
from sqlalchemy import String, cast, func, inspect, select
from sqlalchemy.exc import IntegrityError, InvalidRequestError, StatementError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.enums import ArtifactKind, ProjectStatus, StageName, StageStatus
from core.project_options import ProjectOptions
from db.base import Base, utcnow
from db.models import LOCAL_USER_NAME, Artifact, Project, Script, StageRun, UsageEntry, User

pytestmark = pytest.mark.usefixtures("factories")
M = TypeVar("M", bound=Base)


def _columns(row: Base) -> dict[str, Any]:
    return {attr.key: getattr(row, attr.key) for attr in inspect(type(row)).column_attrs}


async def _reloaded(session: AsyncSession, row: M) -> M:
    """The same row read back from the database into a fresh object."""
    key = inspect(row).identity
    session.expunge_all()
    loaded = await session.get(type(row), key)
    assert loaded is not None
    assert loaded is not row
    return loaded


async def _graph(session: AsyncSession) -> dict[str, Any]:
    user = await UserFactory.create_async()
    project = await ProjectFactory.create_async(user_id=user.id)
    run = await StageRunFactory.create_async(project_id=project.id, stage=StageName.VISUALS)
    return {
        "user": user,
        "project": project,
        "script": await ScriptFactory.create_async(project_id=project.id),
        "run": run,
        "artifact": await ArtifactFactory.create_async(
            project_id=project.id, stage_run_id=run.id, kind=ArtifactKind.SCENE_IMAGE, index=2
        ),
        "usage": await UsageEntryFactory.create_async(user_id=user.id, project_id=project.id),
    }


@pytest.mark.parametrize("name", ["user", "project", "script", "run", "artifact", "usage"])
async def test_round_trip(session: AsyncSession, name: str) -> None:
    row = (await _graph(session))[name]
    written = _columns(row)
    assert _columns(await _reloaded(session, row)) == written


async def test_defaults_are_there_right_after_flush(session: AsyncSession) -> None:
    user = User(name="Ann")
    session.add(user)
    await session.flush()
    project = Project(
        user_id=user.id, topic="t", language="ru", target_duration=30, style="s", tone="t"
    )
    session.add(project)
    await session.flush()
    # No refresh: server defaults came back with RETURNING (lazy I/O would fail under asyncio).
    assert user.language == "ru"
    assert user.is_blocked is False
    assert user.created_at.tzinfo is not None
    assert (project.status, project.stage, project.progress) == (ProjectStatus.DRAFT, None, 0.0)
    assert (project.revision, project.options, project.workdir) == (0, ProjectOptions(), "")

    project.topic = "changed"
    await session.flush()
    assert project.updated_at >= project.created_at


async def test_enums_are_stored_as_their_values(session: AsyncSession) -> None:
    project = (await _graph(session))["project"]
    project.status = ProjectStatus.QUEUED
    await session.flush()
    stored = await session.scalar(
        select(cast(Project.status, String)).where(Project.id == project.id)
    )
    assert stored == "queued"


async def test_unique_constraints(session: AsyncSession) -> None:
    graph = await _graph(session)
    user, project, run = graph["user"], graph["project"], graph["run"]
    duplicates: list[Base] = [
        User(telegram_id=user.telegram_id, name="twin"),
        Script(**{**_columns(graph["script"]), "id": None}),
        StageRun(
            project_id=project.id,
            stage=run.stage,
            revision=0,
            status=StageStatus.RUNNING,
            started_at=utcnow(),
        ),
        Artifact(**{**_columns(graph["artifact"]), "id": None, "path": "other.png"}),
    ]
    session.add(User(telegram_id=None, name=LOCAL_USER_NAME))
    await session.flush()
    duplicates.append(User(telegram_id=None, name=LOCAL_USER_NAME))
    for duplicate in duplicates:
        with pytest.raises(IntegrityError):
            async with session.begin_nested():
                session.add(duplicate)
    # NULL Telegram IDs do not collide with each other, only the local name is unique.
    session.add_all([User(telegram_id=None, name="a"), User(telegram_id=None, name="b")])
    await session.flush()


async def test_deleting_a_project_cascades_but_keeps_the_usage_ledger(
    session: AsyncSession,
) -> None:
    graph = await _graph(session)
    project_id = graph["project"].id
    await session.delete(graph["project"])
    await session.flush()
    for model in (Script, StageRun, Artifact):
        count = select(func.count()).select_from(model).where(model.project_id == project_id)
        assert await session.scalar(count) == 0
    usage_project = select(UsageEntry.project_id).where(UsageEntry.id == graph["usage"].id)
    assert (await session.execute(usage_project)).scalar_one() is None


async def test_deleting_a_user_deletes_everything_of_theirs(session: AsyncSession) -> None:
    graph = await _graph(session)
    await session.delete(graph["user"])
    await session.flush()
    for model in (Project, UsageEntry):
        count = select(func.count()).select_from(model).where(model.user_id == graph["user"].id)
        assert await session.scalar(count) == 0


async def test_relationships_load_only_on_purpose(session: AsyncSession) -> None:
    project_id = (await _graph(session))["project"].id
    session.expunge_all()
    project = await session.get(Project, project_id)
    assert project is not None
    with pytest.raises(InvalidRequestError, match="lazy='raise'"):
        _ = project.user
    statement = (
        select(Project)
        .where(Project.id == project_id)
        .options(selectinload(Project.script), selectinload(Project.artifacts))
        .execution_options(populate_existing=True)
    )
    loaded = (await session.scalars(statement)).one()
    assert loaded.script is not None
    assert [a.kind for a in loaded.artifacts] == [ArtifactKind.SCENE_IMAGE]


async def test_naive_datetimes_are_refused(any_session: AsyncSession) -> None:
    naive = datetime(2026, 1, 1)  # noqa: DTZ001  (the point of the test)
    with pytest.raises(StatementError, match="naive datetime"):
        await any_session.scalar(select(StageRun).where(StageRun.started_at > naive))
