"""A whole Short with STORAGE__BACKEND=s3 on a real S3 server (SeaweedFS), the bot and the
worker each in a scratch folder of its own: nothing but the bucket is shared between them."""

from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import pytest
from aiogram import Bot, Dispatcher
from aiogram_i18n.cores import FluentRuntimeCore
from bot_flows import order_short, wait_preview
from conftest import ADMIN_ID, ClientFactory, HumanPace
from infra.s3 import S3Endpoint
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dispatcher import build_dispatcher
from bot.middlewares.throttling import ThrottlingMiddleware
from bot.notify import TelegramNotifier
from core.enums import ArtifactKind, ProjectStatus
from core.settings import BotSettings, RenderSettings, Settings, StorageSettings
from db.models import Artifact, Project
from jobs.queue import LocalQueue
from jobs.runtime import build_job_ctx
from pipeline.context import JobCtx
from storage.disk import Storage, sha256_of
from storage.factory import open_storage
from storage.s3 import S3Store
from storage.sync import settle
from tests.emulators.telegram import DEFAULT_TOKEN

pytestmark = [pytest.mark.render, pytest.mark.timeout(300), pytest.mark.xdist_group("s3")]


@pytest.fixture
def settings(s3_endpoint: S3Endpoint, tmp_path: Path) -> Settings:
    return Settings(
        bot=BotSettings(token=SecretStr(DEFAULT_TOKEN), admin_ids=[ADMIN_ID]),
        storage=StorageSettings(
            backend="s3",
            root=tmp_path / "no-local-store",  # never used on S3
            scratch_dir=tmp_path / "scratch",
            s3=s3_endpoint.settings(prefix=f"t-{uuid4().hex}"),
        ),
        render=RenderSettings(width=360, height=640, preset="ultrafast", timeout_s=120),
    )


@pytest.fixture
async def bucket(settings: Settings) -> AsyncIterator[S3Store]:
    """The test's part of the bucket, emptied afterwards."""
    store = S3Store(settings.storage.s3)
    yield store
    await store.delete_prefix("users/")
    await store.close()


@pytest.fixture
async def bot_storage(settings: Settings) -> AsyncIterator[Storage]:
    async with open_storage(settings.storage) as storage:
        yield storage


@pytest.fixture
async def worker_storage(settings: Settings) -> AsyncIterator[Storage]:
    async with open_storage(settings.storage) as storage:
        yield storage


@pytest.fixture
def notifier(
    bot: Bot,
    db: async_sessionmaker[AsyncSession],
    core: FluentRuntimeCore,
    worker_storage: Storage,
) -> TelegramNotifier:
    return TelegramNotifier(bot, db, core, worker_storage)


@pytest.fixture
def job_ctx(
    settings: Settings,
    db: async_sessionmaker[AsyncSession],
    notifier: TelegramNotifier,
    worker_storage: Storage,
) -> JobCtx:
    return build_job_ctx(settings, db, notifier, worker_storage)


@pytest.fixture
async def dispatcher(
    settings: Settings,
    db: async_sessionmaker[AsyncSession],
    queue: LocalQueue,
    bot: Bot,
    bot_storage: Storage,
) -> AsyncIterator[Dispatcher]:
    built = build_dispatcher(
        settings=settings,
        sessionmaker=db,
        file_storage=bot_storage,
        queue=queue,
        throttling=ThrottlingMiddleware(clock=HumanPace()),
    )
    workflow = {"dispatcher": built, "bots": [bot], **built.workflow_data}
    await built.emit_startup(bot=bot, **workflow)
    yield built
    await built.emit_shutdown(bot=bot, **workflow)
    await built.fsm.storage.close()


async def _rows(db: async_sessionmaker[AsyncSession]) -> tuple[Project, list[Artifact]]:
    async with db() as session:
        project = (await session.scalars(select(Project))).one()
        found = await session.scalars(select(Artifact).where(Artifact.project_id == project.id))
        return project, list(found)


async def test_a_short_made_on_s3_with_no_shared_folder(
    *,
    chat: ClientFactory,
    queue: LocalQueue,
    db: async_sessionmaker[AsyncSession],
    bucket: S3Store,
    bot_storage: Storage,
    worker_storage: Storage,
) -> None:
    assert bot_storage.root != worker_storage.root
    alice = chat(3101, "Alice", "en")
    await order_short(alice, "Why owls turn their heads")
    await alice.click("✅ Create")
    preview = await wait_preview(alice, queue)

    project, artifacts = await _rows(db)
    assert project.status is ProjectStatus.DONE
    assert {a.kind for a in artifacts} >= {ArtifactKind.VIDEO, ArtifactKind.SCENE_IMAGE}
    for artifact in artifacts:  # every row's key is in the bucket, whole
        info = await bucket.stat(artifact.path)
        assert info is not None, artifact.path
        assert info.size_bytes == artifact.size_bytes
    video_key = f"{project.workdir}/video.mp4"
    assert any(a.path == video_key for a in artifacts)
    # The worker put everything in the bucket and kept no copy; the bot never had the video
    # (its preview went out from the worker).
    assert not (worker_storage.root / project.workdir).exists()
    assert not (bot_storage.root / video_key).exists()
    assert preview.media_kind == "video"

    # A redrawn scene: a worker with nothing local pulls the earlier stages from the bucket,
    # redoes only the visuals and the render, and the replaced still leaves the bucket.
    old_scenes = {a.path for a in artifacts if a.kind is ArtifactKind.SCENE_IMAGE}
    await alice.click("🔄 Regenerate a scene")
    await alice.wait_for_reply(lambda m: m.button_texts[:1] == ["1"])
    await alice.click("2")
    second = await wait_preview(alice, queue)
    assert second.message_id != preview.message_id
    _project, again = await _rows(db)
    new_scenes = {a.path for a in again if a.kind is ArtifactKind.SCENE_IMAGE}
    (gone,) = old_scenes - new_scenes
    await settle(worker_storage)
    assert await bucket.stat(gone) is None
    assert {a.path for a in again if a.kind is ArtifactKind.VOICE_WAV} == {
        a.path for a in artifacts if a.kind is ArtifactKind.VOICE_WAV
    }

    # Approving sends the final files from the bot: the video comes from the bucket.
    press = await alice.click("✅ Approve")
    await alice.wait_for_answer(press)
    await alice.wait_for_reply(lambda m: "Hashtags" in (m.text or ""))
    video = next(a for a in again if a.kind is ArtifactKind.VIDEO)
    assert sha256_of(bot_storage.root / video_key) == video.sha256
