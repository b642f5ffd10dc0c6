"""Stage markers and artifact rows, on PostgreSQL and SQLite."""

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import STAGE_ORDER, ArtifactKind, StageName, StageStatus
from db.base import utcnow
from db.models import Project
from db.queries import artifacts, projects, stages, users


async def _project(session: AsyncSession, telegram_id: int | None = None) -> Project:
    if telegram_id is None:
        user = await users.get_or_create_local_user(session)
    else:
        user = await users.get_or_create_user(session, telegram_id, "Ann")
    return await projects.create_project(
        session, user.id, topic="t", language="ru", target_duration=20, style="s", tone="t"
    )


async def _run_stage(session: AsyncSession, project: Project, stage: StageName) -> None:
    run = await stages.start_stage(session, project, stage)
    await artifacts.put_artifact(
        session,
        run,
        ArtifactKind.VIDEO if stage is StageName.RENDER else ArtifactKind.SCENE_IMAGE,
        f"{project.workdir}/{stage}.bin",
        sha256="0" * 64,
        size_bytes=10,
        index=STAGE_ORDER.index(stage),
    )
    stages.finish_stage(run, 1.5)


async def test_start_finish_and_done_stages(any_session: AsyncSession) -> None:
    project = await _project(any_session)
    started = utcnow()
    run = await stages.start_stage(any_session, project, StageName.SCRIPT, now=started)
    assert (run.status, run.revision, run.started_at) == (StageStatus.RUNNING, 0, started)
    assert await stages.done_stages(any_session, project.id, 0) == set()

    stages.finish_stage(run, 2.5, now=started + timedelta(seconds=3))
    await any_session.commit()
    any_session.expunge_all()
    stored = await stages.get_stage_run(any_session, project.id, StageName.SCRIPT)
    assert stored is not None
    assert (stored.status, stored.seconds, stored.error) == (StageStatus.DONE, 2.5, None)
    assert stored.finished_at == started + timedelta(seconds=3)  # aware UTC on both dialects
    assert await stages.done_stages(any_session, project.id, 0) == {StageName.SCRIPT}
    assert await stages.get_stage_run(any_session, project.id, StageName.VOICE) is None


async def test_failed_stage_is_not_done_and_restarts_in_place(any_session: AsyncSession) -> None:
    project = await _project(any_session)
    run = await stages.start_stage(any_session, project, StageName.VOICE)
    stages.fail_stage(run, "tts crashed")
    await any_session.flush()
    assert (run.status, run.error) == (StageStatus.FAILED, "tts crashed")
    assert await stages.done_stages(any_session, project.id, 0) == set()

    project.revision = 1
    again = await stages.start_stage(any_session, project, StageName.VOICE)
    assert again.id == run.id
    assert (again.status, again.revision, again.error, again.finished_at) == (
        StageStatus.RUNNING,
        1,
        None,
        None,
    )


async def test_reset_stages_from_invalidates_that_stage_and_later(
    any_session: AsyncSession,
) -> None:
    project = await _project(any_session)
    for stage in STAGE_ORDER:
        await _run_stage(any_session, project, stage)
    await any_session.flush()
    assert await stages.done_stages(any_session, project.id, 0) == set(STAGE_ORDER)

    project.revision += 1  # a redo of the visuals
    paths = await stages.reset_stages_from(any_session, project.id, StageName.VISUALS)
    assert sorted(paths) == sorted(f"{project.workdir}/{stage}.bin" for stage in STAGE_ORDER[2:])
    kept = {StageName.SCRIPT, StageName.VOICE}
    assert await stages.done_stages(any_session, project.id, project.revision) == kept
    left = await artifacts.list_artifacts_for_job(any_session, project.id)
    assert [a.path for a in left] == [
        f"{project.workdir}/script.bin",
        f"{project.workdir}/voice.bin",
    ]

    # The redone stage is done for the new revision, not for a stale job of the old one.
    await _run_stage(any_session, project, StageName.VISUALS)
    assert StageName.VISUALS in await stages.done_stages(any_session, project.id, 1)
    assert StageName.VISUALS not in await stages.done_stages(any_session, project.id, 0)


async def test_put_artifact_replaces_on_project_kind_index(any_session: AsyncSession) -> None:
    project = await _project(any_session, telegram_id=5)
    stranger = await users.get_or_create_user(any_session, 6, "Bob")
    run = await stages.start_stage(any_session, project, StageName.VISUALS)
    first = await artifacts.put_artifact(
        any_session, run, ArtifactKind.SCENE_IMAGE, "a/0.png", sha256="a" * 64, size_bytes=1
    )
    await artifacts.put_artifact(
        any_session,
        run,
        ArtifactKind.SCENE_IMAGE,
        "a/1.png",
        sha256="b" * 64,
        size_bytes=2,
        index=1,
    )
    replaced = await artifacts.put_artifact(
        any_session,
        run,
        ArtifactKind.SCENE_IMAGE,
        "b/0.png",
        sha256="c" * 64,
        size_bytes=3,
        meta={"seed": 7},
    )
    assert replaced.id == first.id
    scenes = await artifacts.list_artifacts(
        any_session, project.id, project.user_id, kind=ArtifactKind.SCENE_IMAGE
    )
    assert [(a.index, a.path, a.size_bytes, a.meta) for a in scenes] == [
        (0, "b/0.png", 3, {"seed": 7}),
        (1, "a/1.png", 2, {}),
    ]
    assert await artifacts.list_artifacts(any_session, project.id, stranger.id) == []
    assert (
        await artifacts.list_artifacts(
            any_session, project.id, project.user_id, kind=ArtifactKind.VIDEO
        )
        == []
    )
    found = await artifacts.get_artifact_for_job(
        any_session, project.id, ArtifactKind.SCENE_IMAGE, 1
    )
    assert found is not None
    assert found.path == "a/1.png"


async def test_delete_artifacts_for_stage(any_session: AsyncSession) -> None:
    project = await _project(any_session)
    await _run_stage(any_session, project, StageName.VISUALS)
    await _run_stage(any_session, project, StageName.RENDER)
    paths = await artifacts.delete_artifacts_for_stage(any_session, project.id, StageName.VISUALS)
    assert paths == [f"{project.workdir}/visuals.bin"]
    left = await artifacts.list_artifacts_for_job(any_session, project.id)
    assert [a.kind for a in left] == [ArtifactKind.VIDEO]
    # The marker stays: the caller decides whether the stage must run again.
    assert await stages.done_stages(any_session, project.id, 0) == {
        StageName.VISUALS,
        StageName.RENDER,
    }
