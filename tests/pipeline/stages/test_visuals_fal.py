"""Projects with `providers.images` = fal: scenes from the fal emulator (real fal_client),
the offline fallback, a regenerated scene, the usage ledger and a rendered MP4."""

from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stage_support import RecordingNotifier, queue_project

from core.enums import ArtifactKind, ProjectStatus, StageName, UsageUnit
from core.settings import ProvidersSettings, Settings
from db.models import Artifact, Project, Script, UsageEntry
from db.queries import stages
from jobs.runtime import build_job_ctx
from pipeline.context import JobCtx
from pipeline.ffmpeg.probe import probe
from pipeline.imagegen.hosts import configure_fal_hosts
from pipeline.imagegen.requests import pinned_seed
from pipeline.produce import produce_short
from services.projects import ProjectRequest
from tests.emulators.fal import FalEmulator, JobScript
from tests.pipeline.imagegen.fal_support import fal_settings, noise_photo

pytestmark = [pytest.mark.render, pytest.mark.timeout(180)]


@pytest.fixture
async def fal_emu() -> AsyncIterator[FalEmulator]:
    async with FalEmulator(queue_steps=1, progress_steps=1) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture(autouse=True)
def fal_default_hosts() -> Iterator[None]:
    yield
    configure_fal_hosts(None)


def fal_ctx(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    emulator: FalEmulator,
    *,
    chain: str = "fal",
    **fal_fields: object,
) -> JobCtx:
    providers = ProvidersSettings(images=chain, fal=fal_settings(emulator, **fal_fields))
    return build_job_ctx(
        settings.model_copy(update={"providers": providers}), sessionmaker, notifier
    )


async def _scenes(ctx: JobCtx, project_id: int) -> list[Artifact]:
    async with ctx["sessionmaker"]() as session:
        found = await session.scalars(
            select(Artifact)
            .where(Artifact.project_id == project_id, Artifact.kind == ArtifactKind.SCENE_IMAGE)
            .order_by(Artifact.index)
        )
        return list(found)


async def _thumbnails(ctx: JobCtx, project_id: int) -> list[Artifact]:
    async with ctx["sessionmaker"]() as session:
        found = await session.scalars(
            select(Artifact)
            .where(Artifact.project_id == project_id, Artifact.kind == ArtifactKind.THUMBNAIL)
            .order_by(Artifact.index)
        )
        return list(found)


async def _image_usage(ctx: JobCtx, project_id: int) -> list[tuple[str, Decimal, Decimal]]:
    async with ctx["sessionmaker"]() as session:
        rows = await session.scalars(
            select(UsageEntry).where(
                UsageEntry.project_id == project_id, UsageEntry.unit == UsageUnit.IMAGES
            )
        )
        return sorted((r.provider, r.quantity, r.cost_usd) for r in rows)


async def test_a_fal_project_renders_a_real_mp4(
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    fal_emu: FalEmulator,
) -> None:
    ctx = fal_ctx(settings, committing, notifier, fal_emu)
    project_id = await queue_project(ctx, ProjectRequest(topic="Tea", language="en", duration=12))

    await produce_short(ctx, project_id)

    async with ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
        script = await session.scalar(select(Script).where(Script.project_id == project_id))
        video = await session.scalar(
            select(Artifact).where(
                Artifact.project_id == project_id, Artifact.kind == ArtifactKind.VIDEO
            )
        )
    assert project is not None
    assert script is not None
    assert video is not None
    assert project.status is ProjectStatus.DONE
    count = len(script.scenes)
    scenes = await _scenes(ctx, project_id)
    assert [s.meta["source"] for s in scenes] == ["fal"] * count
    # Each scene is fal's picture with its headline; fal's pictures stay beside them (a redo
    # letters them again without buying them again).
    scenes_dir = ctx["storage"].resolve(scenes[0].path).parent
    assert len(list(scenes_dir.glob("scene_*.png"))) == 2 * count
    seed = pinned_seed(f"project:{project_id}")
    submits = fal_emu.requests.to("submit")
    assert [s.json["seed"] for s in submits] == [seed] * count
    prompts = {s.json["prompt"] for s in submits}
    assert all(any(str(sc["visual_prompt"]) in p for p in prompts) for sc in script.scenes)
    assert await _image_usage(ctx, project_id) == [("fal", Decimal(1), Decimal("0.04"))] * count
    visuals = [u.stage_fraction for u in notifier.updates if u.stage is StageName.VISUALS]
    assert [round(f * (count + 1)) for f in visuals[1 : count + 1]] == list(range(1, count + 1))
    info = probe(ctx["storage"].resolve(video.path))
    picture = info.first("video")
    assert picture is not None
    assert (picture.width, picture.height) == (360, 640)
    assert abs(info.duration - float(script.scenes[-1]["end"])) < 0.1
    thumbnails = await _thumbnails(ctx, project_id)  # the preview's three, over fal's pictures
    assert [t.index for t in thumbnails] == [0, 1, 2]
    assert len({t.sha256 for t in thumbnails}) == 3


async def test_a_fal_failure_leaves_the_remaining_scenes_to_offline_art(
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    fal_emu: FalEmulator,
) -> None:
    ok = JobScript(queue_steps=1, progress_steps=1)
    fal_emu.script_next(ok, ok, JobScript(queue_steps=1, progress_steps=1, error="GPU gone"))
    ctx = fal_ctx(settings, committing, notifier, fal_emu, chain="fal,offline", concurrency=1)
    project_id = await queue_project(
        ctx, ProjectRequest(topic="Sleep", language="en", duration=12)
    )

    await produce_short(ctx, project_id)

    scenes = await _scenes(ctx, project_id)
    count = len(scenes)
    assert count >= 3
    assert [s.meta["source"] for s in scenes] == ["fal", "fal"] + ["procedural"] * (count - 2)
    assert fal_emu.requests.count("submit") == 3  # the rest were never asked for
    assert await _image_usage(ctx, project_id) == sorted(
        [("fal", Decimal(1), Decimal("0.04"))] * 2
        + [("procedural", Decimal(count - 2), Decimal(0))]
    )
    assert notifier.finished_ids == [project_id]


async def test_fal_alone_with_a_bad_key_fails_the_project_clearly(
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    fal_emu: FalEmulator,
) -> None:
    ctx = fal_ctx(settings, committing, notifier, fal_emu, key="wrong:key")
    project_id = await queue_project(ctx, ProjectRequest(topic="Rain", language="en", duration=12))

    await produce_short(ctx, project_id)

    async with ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
    assert project is not None
    assert project.status is ProjectStatus.FAILED
    assert project.stage is StageName.VISUALS
    assert project.error_key == "error-images-rejected"
    assert notifier.failures[0][1] == "error-images-rejected"


async def test_a_regenerated_scene_is_the_only_new_fal_request(
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    fal_emu: FalEmulator,
) -> None:
    ctx = fal_ctx(settings, committing, notifier, fal_emu)
    project_id = await queue_project(ctx, ProjectRequest(topic="Tea", language="en", duration=12))
    await produce_short(ctx, project_id)
    before = {a.index: a.path for a in await _scenes(ctx, project_id)}
    submitted = fal_emu.requests.count("submit")

    async with ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        project.options = project.options.model_copy(update={"scene_seeds": {"1": 4242}})
        project.revision += 1
        project.status = ProjectStatus.QUEUED
        await stages.reset_stages_from(session, project_id, StageName.VISUALS)
        await session.commit()
    await produce_short(ctx, project_id)

    after = {a.index: a.path for a in await _scenes(ctx, project_id)}
    assert after[1] != before[1]
    assert {i: p for i, p in after.items() if i != 1} == {
        i: p for i, p in before.items() if i != 1
    }
    assert not ctx["storage"].resolve(before[1]).exists()
    scenes_dir = ctx["storage"].resolve(before[0]).parent
    assert len(list(scenes_dir.glob("scene_*.png"))) == 2 * len(after)  # the old pair gone
    assert fal_emu.requests.count("submit") == submitted + 1
    assert fal_emu.requests.last("submit").json["seed"] == 4242


async def test_the_characters_photos_are_the_references(
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    fal_emu: FalEmulator,
    tmp_path: Path,
) -> None:
    photos = (noise_photo(tmp_path, "me1.png", 1), noise_photo(tmp_path, "me2.png", 2))
    ctx = fal_ctx(settings, committing, notifier, fal_emu)
    request = ProjectRequest(
        topic="Tea", language="en", duration=12, photos=photos, character_id=77
    )
    project_id = await queue_project(ctx, request)
    own = ProjectRequest(topic="Tea", language="en", duration=12, photos=photos)
    own_id = await queue_project(ctx, own)

    await produce_short(ctx, project_id)
    await produce_short(ctx, own_id)

    scenes = await _scenes(ctx, project_id)
    assert {s.meta["source"] for s in scenes} == {"fal"}
    assert {s.meta["source"] for s in await _scenes(ctx, own_id)} == {"procedural"}
    assert {s.meta["model"] for s in scenes} == {"fal-ai/flux-pro/kontext/multi"}
    assert fal_emu.requests.count("cdn_upload") == 2
    submits = fal_emu.requests.to("submit")
    assert len({tuple(s.json["image_urls"]) for s in submits}) == 1
    assert {s.json["seed"] for s in submits} == {pinned_seed("character:77")}


async def test_a_project_that_chose_offline_art_never_asks_fal(
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    fal_emu: FalEmulator,
) -> None:
    ctx = fal_ctx(settings, committing, notifier, fal_emu, chain="fal,offline")
    request = ProjectRequest(topic="Tea", language="en", duration=12, images="offline")
    project_id = await queue_project(ctx, request)

    await produce_short(ctx, project_id)

    async with ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
    assert project is not None
    assert project.status is ProjectStatus.DONE
    assert project.options.images == "offline"
    scenes = await _scenes(ctx, project_id)
    assert scenes
    assert {s.meta["source"] for s in scenes} == {"procedural"}
    assert fal_emu.requests.count("submit") == 0
    assert [u[0] for u in await _image_usage(ctx, project_id)] == ["procedural"]
