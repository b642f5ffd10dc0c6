"""Through the bot: a Short that fails is never left "still being made" (the person is told in
their language and "Try again" makes it); a Telegram error right after Create still leaves
the job queued; a preview Telegram refused is sent again by the reaper, once."""

import errno

import pytest
from bot_flows import order_short, wait_preview
from conftest import ClientFactory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.notify import TelegramNotifier
from core.enums import ProjectStatus
from core.settings import Settings
from db.models import Project
from jobs.queue import LocalQueue
from jobs.reaper import reap_projects
from jobs.runtime import build_job_ctx
from pipeline.context import JobCtx, Providers
from pipeline.writers.base import ScriptDraft, ScriptRequest
from pipeline.writers.offline import TemplateWriter
from tests.emulators.telegram import TelegramEmulator

pytestmark = [pytest.mark.render, pytest.mark.timeout(240)]


class DiskFullOnce:
    """The script writer on a server whose disk is full the first time it writes."""

    name = "offline"

    def __init__(self) -> None:
        self.calls = 0

    async def write(self, request: ScriptRequest) -> ScriptDraft:
        self.calls += 1
        if self.calls == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return await TemplateWriter().write(request)


@pytest.fixture
def job_ctx(
    settings: Settings, db: async_sessionmaker[AsyncSession], notifier: TelegramNotifier
) -> JobCtx:
    ctx = build_job_ctx(settings, db, notifier)
    return {**ctx, "providers": Providers(DiskFullOnce(), ctx["providers"].synth)}


async def _project(db: async_sessionmaker[AsyncSession]) -> Project:
    async with db() as session:
        return (await session.scalars(select(Project))).one()


async def test_a_failed_short_is_explained_in_russian_and_try_again_makes_it(
    chat: ClientFactory,
    emulator: TelegramEmulator,
    queue: LocalQueue,
    db: async_sessionmaker[AsyncSession],
) -> None:
    lena = chat(4101, "Лена", "ru")
    await order_short(lena, "Почему небо голубое")
    await lena.click("✅ Создать")
    progress = await lena.wait_for_reply(lambda m: "в очереди" in (m.text or ""))
    await queue.join()

    failure = await lena.wait_for_reply(lambda m: "🔁 Попробовать снова" in m.button_texts)
    assert (failure.text or "").startswith("Ничего не пропало")
    assert emulator.message(lena.chat.id, progress.message_id).text == (
        "⚠️ Почему небо голубое: работа остановилась.\n"
        "На сервере закончилось место на диске. Ничего не пропало; когда администратор "
        "освободит место, попробуйте снова."
    )
    failed = await _project(db)
    assert (failed.status, failed.error_key) == (ProjectStatus.FAILED, "error-disk-full")

    await lena.command("shorts")  # My Shorts offers it too
    await lena.wait_for_reply(lambda m: "Мои ролики" in (m.text or ""))
    await lena.click(1)
    status = await lena.wait_for_reply(lambda m: "ошибка" in (m.text or ""))
    assert status.button_texts == ["🔁 Попробовать снова"]

    await lena.click("🔁 Попробовать снова", message=failure)
    await lena.wait_for_reply(lambda m: "пробую снова" in (m.text or ""))
    preview = await wait_preview(lena, queue)
    assert preview.button_texts[0] == "✅ Одобрить"
    done = await _project(db)
    assert (done.status, done.revision, done.error_key) == (ProjectStatus.DONE, 1, None)
    assert done.preview_sent_at is not None
    assert emulator.message(lena.chat.id, failure.message_id).buttons == []


async def test_a_telegram_error_right_after_create_still_leaves_the_job_queued(
    chat: ClientFactory,
    emulator: TelegramEmulator,
    queue: LocalQueue,
    db: async_sessionmaker[AsyncSession],
    job_ctx: JobCtx,
) -> None:
    alice = chat(4102, "Alice", "en")
    job_ctx["providers"].writer.calls = 1  # type: ignore[attr-defined]  # no disk trouble
    await order_short(alice, "Why cats purr")
    # The first Telegram call after the project's commit fails (a 500 from Telegram).
    emulator.faults.server_error("editMessageReplyMarkup")

    await alice.click("✅ Create")
    preview = await wait_preview(alice, queue)

    assert preview.button_texts[0] == "✅ Approve"
    assert (await _project(db)).status is ProjectStatus.DONE
    # Without the handler's "queued" message, the job showed its own progress.
    texts = [m.text or "" for m in alice.replies()]
    assert "✅ Done! The preview is below." in texts


async def test_a_preview_telegram_refused_is_sent_by_the_reaper_once(
    chat: ClientFactory,
    emulator: TelegramEmulator,
    queue: LocalQueue,
    db: async_sessionmaker[AsyncSession],
    job_ctx: JobCtx,
) -> None:
    bob = chat(4103, "Bob", "en")
    job_ctx["providers"].writer.calls = 1  # type: ignore[attr-defined]  # no disk trouble
    await order_short(bob, "How bees dance")
    emulator.faults.server_error("sendVideo")  # Telegram fails the preview once

    await bob.click("✅ Create")
    await queue.join()

    project = await _project(db)
    assert (project.status, project.preview_sent_at) == (ProjectStatus.DONE, None)
    assert [m for m in bob.replies() if m.media_kind == "video"] == []

    reaped = await reap_projects(job_ctx, queue)
    again = await reap_projects(job_ctx, queue)

    assert (reaped.previews, again.previews) == ([project.id], [])
    (video,) = [m for m in bob.replies() if m.media_kind == "video"]
    assert video.button_texts[0] == "✅ Approve"
    assert (await _project(db)).preview_sent_at is not None
