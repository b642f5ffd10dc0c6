"""produce_short end to end on real PostgreSQL, real espeak and real ffmpeg (tiny frames)."""

import asyncio
import subprocess
from pathlib import Path

import av
import pytest
from PIL import Image
from sqlalchemy import select
from stage_support import RecordingNotifier, queue_project

from core.enums import STAGE_ORDER, ArtifactKind, ProjectStatus, StageName, StageStatus, UsageUnit
from core.ports import StageProgress
from db.models import Artifact, Project, Script, StageRun, UsageEntry
from db.queries import stages
from pipeline.context import JobCtx
from pipeline.ffmpeg.probe import probe
from pipeline.produce import produce_short
from services.projects import ProjectRequest

pytestmark = [pytest.mark.render, pytest.mark.timeout(180)]


async def _rows(ctx: JobCtx, project_id: int) -> tuple[Project, list[StageRun], list[Artifact]]:
    async with ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        runs = (
            await session.scalars(select(StageRun).where(StageRun.project_id == project_id))
        ).all()
        items = (
            await session.scalars(select(Artifact).where(Artifact.project_id == project_id))
        ).all()
        return project, list(runs), list(items)


async def test_topic_becomes_a_probed_short(job_ctx: JobCtx, notifier: RecordingNotifier) -> None:
    request = ProjectRequest(topic="Почему осьминоги такие умные", language="ru", duration=15)
    project_id = await queue_project(job_ctx, request)

    await produce_short(job_ctx, project_id)

    project, runs, items = await _rows(job_ctx, project_id)
    assert project.status is ProjectStatus.DONE
    assert project.progress == 1.0
    assert {run.stage for run in runs} == set(STAGE_ORDER)
    assert all(run.status is StageStatus.DONE for run in runs)
    kinds = {item.kind for item in items}
    assert kinds == set(ArtifactKind)
    async with job_ctx["sessionmaker"]() as session:
        script = await session.scalar(select(Script).where(Script.project_id == project_id))
        units = set((await session.scalars(select(UsageEntry.unit))).all())
    assert script is not None
    scenes = [item for item in items if item.kind is ArtifactKind.SCENE_IMAGE]
    assert len(scenes) == len(script.scenes)
    video = next(item for item in items if item.kind is ArtifactKind.VIDEO)
    info = probe(job_ctx["storage"].resolve(video.path))
    picture, sound = info.first("video"), info.first("audio")
    assert picture is not None
    assert sound is not None
    assert (picture.width, picture.height, picture.fps) == (360, 640, 30)
    assert (picture.codec, picture.profile, picture.pix_fmt) == ("h264", "High", "yuv420p")
    assert (sound.codec, sound.sample_rate, sound.channels) == ("aac", 48000, 2)
    assert abs(info.duration - float(script.scenes[-1]["end"])) < 0.1
    assert abs(info.duration - 15) <= 3
    assert units >= {
        UsageUnit.CHARACTERS,
        UsageUnit.AUDIO_SECONDS,
        UsageUnit.IMAGES,
        UsageUnit.RENDER_SECONDS,
    }
    assert notifier.finished_ids == [project_id]
    overall = [update.overall for update in notifier.updates]
    assert overall == sorted(overall)
    assert {update.stage for update in notifier.updates} == set(STAGE_ORDER)


async def test_rerun_of_a_finished_project_changes_nothing(
    job_ctx: JobCtx, notifier: RecordingNotifier
) -> None:
    project_id = await queue_project(
        job_ctx, ProjectRequest(topic="Sleep", language="en", duration=12)
    )
    await produce_short(job_ctx, project_id)
    _, runs_before, _ = await _rows(job_ctx, project_id)

    await produce_short(job_ctx, project_id)

    _, runs_after, _ = await _rows(job_ctx, project_id)
    assert [(r.stage, r.started_at) for r in runs_after] == [
        (r.stage, r.started_at) for r in runs_before
    ]
    assert notifier.finished_ids == [project_id]


async def test_a_render_killed_midway_resumes_with_only_the_render(
    job_ctx: JobCtx, notifier: RecordingNotifier
) -> None:
    request = ProjectRequest(topic="Как пить больше воды", language="ru", duration=15)
    project_id = await queue_project(job_ctx, request)
    rendering = asyncio.Event()

    def watch(update: StageProgress) -> None:
        if update.stage is StageName.RENDER and update.stage_fraction > 0.1:
            rendering.set()

    notifier.on_progress = watch
    job = asyncio.create_task(produce_short(job_ctx, project_id))
    await asyncio.wait_for(rendering.wait(), timeout=90)
    job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job
    project, runs, items = await _rows(job_ctx, project_id)
    # A stopped runner queues its project again and hands its lease back.
    assert (project.status, project.lease_owner) == (ProjectStatus.QUEUED, None)
    assert project.stage is StageName.RENDER
    done_before = {r.stage: r.started_at for r in runs if r.status is StageStatus.DONE}
    assert set(done_before) == set(STAGE_ORDER) - {StageName.RENDER}
    assert ArtifactKind.VIDEO not in {item.kind for item in items}

    await produce_short(job_ctx, project_id)

    project, runs, items = await _rows(job_ctx, project_id)
    assert project.status is ProjectStatus.DONE
    assert {r.stage: r.started_at for r in runs if r.stage in done_before} == done_before
    assert ArtifactKind.VIDEO in {item.kind for item in items}
    workdir = job_ctx["storage"].resolve(project.workdir)
    assert not list(workdir.glob(".*.part*")), "the killed render left a partial file"


async def test_a_failing_render_keeps_earlier_stages_and_says_why(
    job_ctx: JobCtx, notifier: RecordingNotifier, tmp_path: Path
) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (64, 64), (255, 0, 0, 255)).save(logo)
    request = ProjectRequest(topic="Morning routine", language="en", duration=12, logo=logo)
    project_id = await queue_project(job_ctx, request)
    project, _, _ = await _rows(job_ctx, project_id)
    stored_logo = job_ctx["storage"].resolve(project.options.logo)
    good = stored_logo.read_bytes()
    stored_logo.write_bytes(b"\x89PNG\r\n\x1a\n broken after upload")

    await produce_short(job_ctx, project_id)

    project, runs, _ = await _rows(job_ctx, project_id)
    assert project.status is ProjectStatus.FAILED
    assert project.stage is StageName.RENDER
    assert project.error_key is not None
    assert notifier.failures
    assert notifier.failures[0][:2] == (project_id, project.error_key)
    statuses = {r.stage: r.status for r in runs}
    assert statuses[StageName.RENDER] is StageStatus.FAILED
    assert all(statuses[s] is StageStatus.DONE for s in STAGE_ORDER[:-1])

    stored_logo.write_bytes(good)
    async with job_ctx["sessionmaker"]() as session:
        row = await session.get(Project, project_id)
        assert row is not None
        row.status = ProjectStatus.QUEUED
        await session.commit()
    await produce_short(job_ctx, project_id)
    project, _, _ = await _rows(job_ctx, project_id)
    assert project.status is ProjectStatus.DONE


async def test_a_new_seed_for_one_scene_redraws_only_that_scene(job_ctx: JobCtx) -> None:
    project_id = await queue_project(
        job_ctx, ProjectRequest(topic="Tea", language="en", duration=12)
    )
    await produce_short(job_ctx, project_id)
    _, _, before = await _rows(job_ctx, project_id)
    stills = {a.index: a.path for a in before if a.kind is ArtifactKind.SCENE_IMAGE}
    mtimes = {i: job_ctx["storage"].resolve(p).stat().st_mtime_ns for i, p in stills.items()}

    async with job_ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        project.options = project.options.model_copy(update={"scene_seeds": {"1": 4242}})
        project.revision += 1
        project.status = ProjectStatus.QUEUED
        await stages.reset_stages_from(session, project_id, StageName.VISUALS)
        await session.commit()
    await produce_short(job_ctx, project_id)

    project, runs, after = await _rows(job_ctx, project_id)
    assert project.status is ProjectStatus.DONE
    redrawn = {a.index: a.path for a in after if a.kind is ArtifactKind.SCENE_IMAGE}
    assert redrawn[1] != stills[1]
    assert {i: p for i, p in redrawn.items() if i != 1} == {
        i: p for i, p in stills.items() if i != 1
    }
    for i, path in redrawn.items():
        if i != 1:
            assert job_ctx["storage"].resolve(path).stat().st_mtime_ns == mtimes[i]
    assert not job_ctx["storage"].resolve(stills[1]).exists()
    assert {r.stage for r in runs if r.revision == project.revision} == {
        StageName.VISUALS,
        StageName.CAPTIONS,
        StageName.RENDER,
    }


async def test_branding_and_a_user_music_track_are_rendered(
    job_ctx: JobCtx, tmp_path: Path
) -> None:
    logo, intro, outro, music = (tmp_path / n for n in ("l.png", "i.jpg", "o.png", "m.wav"))
    Image.new("RGBA", (64, 64), (255, 0, 0, 255)).save(logo)
    Image.new("RGB", (720, 1280), (0, 90, 200)).save(intro)
    Image.new("RGB", (720, 1280), (20, 160, 60)).save(outro)
    tone = ["-f", "lavfi", "-i", "sine=frequency=220:duration=40", "-ac", "2"]
    await asyncio.to_thread(
        subprocess.run, [job_ctx["ffmpeg"], "-v", "error", *tone, str(music)], check=True
    )
    request = ProjectRequest(
        topic="Walking",
        language="en",
        duration=12,
        logo=logo,
        intro=intro,
        outro=outro,
        music=music,
    )
    project_id = await queue_project(job_ctx, request)

    await produce_short(job_ctx, project_id)

    project, _, items = await _rows(job_ctx, project_id)
    assert project.status is ProjectStatus.DONE
    async with job_ctx["sessionmaker"]() as session:
        script = await session.scalar(select(Script).where(Script.project_id == project_id))
    assert script is not None
    video = job_ctx["storage"].resolve(next(a.path for a in items if a.kind is ArtifactKind.VIDEO))
    expected = float(script.scenes[-1]["end"]) + 1.5 + 2.0
    assert abs(probe(video).duration - expected) < 0.1
    first, last = _frame_at(video, 0.3), _frame_at(video, expected - 0.3)
    assert first.getpixel((180, 500))[2] > 150, "the intro card opens the Short"
    assert last.getpixel((180, 500))[1] > 120, "the outro card closes it"
    middle = _frame_at(video, 1.5 + 2.0)
    assert any(
        middle.getpixel((x, y))[0] > 180 and middle.getpixel((x, y))[1] < 90
        for x in range(0, 360, 4)
        for y in range(0, 120, 4)
    ), "the red logo sits in a top corner"


def _frame_at(video: Path, seconds: float) -> Image.Image:
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            if frame.time is not None and frame.time >= seconds:
                return frame.to_image()
    raise AssertionError(f"no frame at {seconds} s")
