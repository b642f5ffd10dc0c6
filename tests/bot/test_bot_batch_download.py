"""Through the bot: a finished batch's "Download all" sends its MP4s as stored zips, each
under the configured part size, each file named by its place and topic; the parts are
planned so that no zip passes the limit and a Short too large for one goes alone."""

import hashlib
import io
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore
from batch_world import THROTTLE_S, make_pro, order_batch
from conftest import ClientFactory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.batch_notify import BatchNotifier
from bot.notify import TelegramNotifier
from core.enums import ArtifactKind, ProjectOrigin
from core.settings import JobsSettings, RenderSettings, Settings
from db.models import Artifact, Project
from jobs.queue import LocalQueue
from jobs.runtime import build_job_ctx
from pipeline.context import JobCtx
from pipeline.process_pool import process_pool
from services.batch_download import BatchVideo, plan_parts, slug, zipped_size
from services.notices import OriginRouter
from tests.emulators.telegram import TelegramEmulator

pytestmark = [pytest.mark.render, pytest.mark.timeout(240)]
TOPICS = ["Why owls hoot", "How bees dance", "Почему небо голубое"]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    render = RenderSettings(width=180, height=320, fps=15, preset="ultrafast", timeout_s=120)
    jobs = JobsSettings(render_concurrency=2, max_renders_per_user=0)
    return settings.model_copy(update={"render": render, "jobs": jobs})


@pytest.fixture
def job_ctx(
    *,
    settings: Settings,
    db: async_sessionmaker[AsyncSession],
    notifier: TelegramNotifier,
    bot: Bot,
    core: FluentRuntimeCore,
) -> JobCtx:
    batch = BatchNotifier(bot, db, core, min_interval=THROTTLE_S)
    routes = {ProjectOrigin.CHAT: notifier, ProjectOrigin.BATCH: batch}
    return build_job_ctx(settings, db, OriginRouter(db, routes))


@pytest.fixture
async def queue(job_ctx: JobCtx) -> AsyncIterator[LocalQueue]:
    local = LocalQueue(job_ctx, concurrency=2)
    async with process_pool().holding():
        yield local
        await local.close()


async def _videos(db: async_sessionmaker[AsyncSession], root: Path) -> dict[int, bytes]:
    """Each Short's MP4 by its place in the list (1-based)."""
    async with db() as session:
        rows = await session.execute(
            select(Project.batch_index, Artifact.path)
            .join(Artifact, Artifact.project_id == Project.id)
            .where(Artifact.kind == ArtifactKind.VIDEO, Artifact.index == 0)
        )
        return {(index or 0) + 1: (root / path).read_bytes() for index, path in rows.all()}


async def test_download_all_sends_each_part_as_a_zip_under_the_limit(
    *,
    chat: ClientFactory,
    emulator: TelegramEmulator,
    queue: LocalQueue,
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
) -> None:
    ann = chat(5301, "Ann", "en")
    await make_pro(ann, db)
    await order_batch(ann, "\n".join(TOPICS))
    await ann.click("▶️ Start the batch")
    await queue.join()
    summary = await ann.wait_for_reply(lambda m: "Batch: 3 of 3 made" in (m.text or ""))
    videos = await _videos(db, settings.storage.root.resolve())
    names = {1: "001-why-owls-hoot.mp4", 2: "002-how-bees-dance.mp4",
             3: "003-почему-небо-голубое.mp4"}  # fmt: skip
    # A part just big enough for the largest Short alone: three parts.
    largest = max(len(name.encode()) + len(videos[p]) for p, name in names.items())
    limit = largest + 76 + len(max(names.values(), key=len).encode()) + 22
    settings.bot.batch_zip_part_bytes = limit

    await ann.click("📦 Download all", message=summary)
    await ann.wait_for_reply(lambda m: "Packing 3 Shorts" in (m.text or ""))
    await ann.wait_for_reply(lambda m: "Part 3 of 3" in (m.caption or ""))
    parts = [m for m in ann.replies() if m.media_kind == "document"]
    assert [m.caption for m in parts] == [
        "📦 Part 1 of 3: Short 1", "📦 Part 2 of 3: Short 2", "📦 Part 3 of 3: Short 3",
    ]  # fmt: skip
    for place, message in enumerate(parts, start=1):
        stored = emulator.file_of(message)
        assert len(stored.data) <= limit
        assert stored.file_name == f"batch-{_batch_id(summary.buttons)}-part-{place}-of-3.zip"
        with zipfile.ZipFile(io.BytesIO(stored.data)) as archive:
            assert archive.testzip() is None
            (entry,) = archive.infolist()
            assert (entry.filename, entry.compress_type) == (names[place], zipfile.ZIP_STORED)
            digest = hashlib.sha256(archive.read(entry)).hexdigest()
        assert digest == hashlib.sha256(videos[place]).hexdigest()

    # Under the default limit, one zip holds them all.
    settings.bot.batch_zip_part_bytes = 45 * 1024 * 1024
    await ann.click("📦 Download all", message=summary)
    whole = await ann.wait_for_reply(lambda m: "Part 1 of 1" in (m.caption or ""))
    with zipfile.ZipFile(io.BytesIO(emulator.file_of(whole).data)) as archive:
        assert archive.namelist() == [names[1], names[2], names[3]]


def _batch_id(buttons: list[dict[str, str]]) -> int:
    """The batch's ID from the summary's buttons' callback data ("bt:<action>:<id>:<page>")."""
    return int(buttons[0]["callback_data"].split(":")[2])


def _video(place: int, size: int) -> BatchVideo:
    return BatchVideo(place, f"{place:03d}-x.mp4", Path(f"/nowhere/{place}.mp4"), size)


def test_parts_stay_under_the_limit_and_a_short_too_large_goes_alone() -> None:
    videos = [_video(1, 300), _video(2, 300), _video(3, 5000), _video(4, 300), _video(5, 300)]
    limit = zipped_size(videos[:2])  # exactly two small ones fit
    parts = plan_parts(videos, limit)
    assert [[v.place for v in part] for part in parts] == [[1, 2], [3], [4, 5]]
    assert all(zipped_size(part) <= limit for part in parts if len(part) > 1)
    assert plan_parts(videos, zipped_size(videos)) == [tuple(videos)]


def test_a_zips_size_is_known_before_it_is_written(tmp_path: Path) -> None:
    files = []
    for place, size in ((1, 1000), (2, 12345)):
        path = tmp_path / f"{place}.mp4"
        path.write_bytes(bytes(size))
        files.append(
            BatchVideo(place, f"{place:03d}-{slug('Почему небо_голубое?')}.mp4", path, size)
        )
    target = tmp_path / "all.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for video in files:
            archive.write(video.path, arcname=video.name)
    assert target.stat().st_size == zipped_size(files)
    assert files[0].name == "001-почему-небо-голубое.mp4"
