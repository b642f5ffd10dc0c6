"""Every file is written under a temp name of its own, so two runs never write one path; a
killed run's leftovers are swept when its project is next claimed."""

import asyncio
from pathlib import Path

import pytest
from pydantic import SecretStr
from stage_support import RecordingNotifier, queue_project

from core.enums import ArtifactKind, ProjectStatus
from core.settings import DbSettings, Settings
from db.models import Project
from jobs.runtime import job_context
from pipeline.ffmpeg.probe import probe
from pipeline.produce import produce_short
from pipeline.stages import render
from services.projects import ProjectRequest
from storage.disk import Storage, temp_path


def test_a_temp_name_is_new_each_time_and_keeps_the_suffix(tmp_path: Path) -> None:
    final = tmp_path / "video.mp4"

    names = {temp_path(final) for _ in range(100)}

    assert len(names) == 100
    assert all(n.parent == tmp_path and n.name.startswith(".video.") for n in names)
    assert all(n.suffix == ".mp4" and ".part" in n.name for n in names)  # ffmpeg needs .mp4


def test_a_killed_runs_temp_files_are_swept(tmp_path: Path) -> None:
    storage = Storage(tmp_path)
    workdir = tmp_path / "users" / "1" / "projects" / "7"
    (workdir / "scenes").mkdir(parents=True)
    leftovers = [
        temp_path(workdir / "video.mp4"),
        temp_path(workdir / "render.graph").with_suffix(".ffconcat"),
        workdir / "scenes" / ".scene_001.png.k2j4h1.tmp",  # tempfile.mkstemp's
    ]
    kept = [workdir / "video.mp4", workdir / "scenes" / "scene_001.png"]
    for path in leftovers + kept:
        path.write_bytes(b"x")

    swept = storage.sweep_temp_files(workdir)

    assert sorted(swept) == sorted(leftovers)
    assert sorted(p for p in workdir.rglob("*") if p.is_file()) == sorted(kept)


@pytest.mark.render
@pytest.mark.timeout(180)
async def test_two_renders_of_one_project_at_once_do_not_collide(
    settings: Settings, sqlite_url: str, notifier: RecordingNotifier
) -> None:
    # What two runners without a lease would do; files alone must already not collide.
    settings = settings.model_copy(update={"db": DbSettings(url=SecretStr(sqlite_url))})
    async with job_context(settings, notifier) as ctx:
        request = ProjectRequest(topic="Why owls hoot", language="en", duration=10)
        project_id = await queue_project(ctx, request)
        await produce_short(ctx, project_id)

        async def render_again() -> Path:
            async with ctx["sessionmaker"]() as session:
                project = await session.get(Project, project_id)
                assert project is not None
                assert project.status is ProjectStatus.DONE

                async def report(fraction: float) -> None:
                    del fraction

                (out,) = await render.run(ctx, session, project, report)
                await session.rollback()
            assert out.kind is ArtifactKind.VIDEO
            return ctx["storage"].resolve(out.file.relpath)

        first, second = await asyncio.gather(render_again(), render_again())

        workdir = first.parent
    assert first == second == workdir / "video.mp4"
    assert probe(first).duration > 5
    assert not [p.name for p in workdir.iterdir() if p.name.startswith(".")]
