"""Through the bot: a batch of 24 topics made end to end with tiny real renders (one topic
fails for good, one fails once and is retried), reported in ONE progress message edited
within the throttle, then one summary; "make the failed again" completes it; a restart
mid-batch resumes it."""

import asyncio
import itertools
import time
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore
from batch_world import (
    FLAKY,
    PERMANENT,
    THROTTLE_S,
    CraftedWriter,
    batch_rows,
    batch_state,
    make_pro,
    order_batch,
)
from conftest import ClientFactory
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.batch_notify import BatchNotifier
from bot.notify import TelegramNotifier
from core.enums import BatchStatus, ProjectOrigin, ProjectStatus
from core.settings import JobsSettings, RenderSettings, Settings
from jobs.queue import LocalQueue
from jobs.runtime import build_job_ctx
from pipeline.context import JobCtx, Providers
from pipeline.process_pool import process_pool
from services.notices import OriginRouter
from tests.emulators.telegram import TelegramEmulator

pytestmark = [pytest.mark.render, pytest.mark.timeout(300)]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Smaller and faster still than the other bot tests' renders: 24 of them run here."""
    render = RenderSettings(width=180, height=320, fps=15, preset="ultrafast", timeout_s=120)
    jobs = JobsSettings(render_concurrency=2, max_renders_per_user=0)
    return settings.model_copy(update={"render": render, "jobs": jobs})


@pytest.fixture
def batch_notifier(
    bot: Bot, db: async_sessionmaker[AsyncSession], core: FluentRuntimeCore
) -> BatchNotifier:
    return BatchNotifier(bot, db, core, min_interval=THROTTLE_S)


@pytest.fixture
def job_ctx(
    settings: Settings,
    db: async_sessionmaker[AsyncSession],
    notifier: TelegramNotifier,
    batch_notifier: BatchNotifier,
) -> JobCtx:
    routes = {ProjectOrigin.CHAT: notifier, ProjectOrigin.BATCH: batch_notifier}
    ctx = build_job_ctx(settings, db, OriginRouter(db, routes))
    return {**ctx, "providers": Providers(CraftedWriter(), ctx["providers"].synth)}


async def _no_wait(seconds: float) -> None:
    del seconds  # a transient failure's retry is due at once: the test need not wait 10 s
    await asyncio.sleep(0)


@pytest.fixture
async def queue(job_ctx: JobCtx) -> AsyncIterator[LocalQueue]:
    """Two renders at once; the drawing workers kept warm for the whole batch (spawning
    them for each Short's stills costs seconds on this machine)."""
    local = LocalQueue(job_ctx, concurrency=2, sleep=_no_wait)
    async with process_pool().holding():
        yield local
        await local.close()


def _progress_edits(
    emulator: TelegramEmulator, chat_id: int, message_id: int, *, after: int
) -> list[float]:
    """When the message was edited since request `after` (before it, it was the
    conversation's own message, edited step by step)."""
    return [
        request.time
        for request in emulator.sent(chat_id, "editMessageText")
        if request.seq > after and str(request.params.get("message_id")) == str(message_id)
    ]


async def test_24_topics_make_23_shorts_in_one_progress_message_and_retry_makes_the_24th(
    chat: ClientFactory,
    emulator: TelegramEmulator,
    queue: LocalQueue,
    db: async_sessionmaker[AsyncSession],
    job_ctx: JobCtx,
) -> None:
    started = time.monotonic()
    pat = chat(5101, "Pat", "en")
    await make_pro(pat, db)
    topics = batch_rows(24, fail_at=9, flaky_at=16)
    before = await order_batch(pat, "\n".join(topics))
    assert "Batch of 24 Shorts" in (before.text or "")

    emulator.flood.enable(per_chat=1, chat_burst=3)  # Telegram's pace from here on
    start = emulator.requests[-1].seq
    await pat.click("▶️ Start the batch")
    progress = await pat.wait_for_reply(lambda m: "queued" in (m.text or ""))
    await queue.join()

    summary = await pat.wait_for_reply(lambda m: "Batch: 23 of 24 made" in (m.text or ""))
    text = summary.text or ""
    assert f"10. ❌ {PERMANENT}" in text  # its place in the list, its title, its reason
    assert "not made: offline refused the request: this topic is refused" in text
    assert f"17. ✅ {FLAKY}" in text  # failed once, retried by the queue, made
    assert summary.button_texts == [
        "▶️ Open a Short", "🔁 Make the 1 failed again", "📦 Download all",
        "📤 Publish or schedule all",
    ]  # fmt: skip
    # One progress message and one summary: no Short sent its own preview or failure.
    assert [m.message_id for m in pat.replies()] == [summary.message_id]
    assert emulator.sent(pat.chat.id, "sendVideo") == []
    final = emulator.message(pat.chat.id, progress.message_id)
    assert final.text == "✅ Batch finished: 23 of 24 Shorts made, 1 not made."
    edits = _progress_edits(emulator, pat.chat.id, progress.message_id, after=start)
    assert len(edits) >= 3  # it moved while Shorts were made
    gaps = [later - earlier for earlier, later in itertools.pairwise(edits)]
    assert min(gaps) >= THROTTLE_S * 0.95, gaps
    assert emulator.sent(pat.chat.id, ok=False) == []  # no 429, no refused edit

    rows = await batch_state(db)
    assert rows.status is BatchStatus.DONE
    assert sorted(rows.statuses) == [ProjectStatus.DONE] * 23 + [ProjectStatus.FAILED]

    job_ctx["providers"].writer.fail = False  # type: ignore[attr-defined]  # fixed upstream
    await asyncio.sleep(3)  # a person reads the summary first (Telegram's pace still holds)
    await pat.click("🔁 Make the 1 failed again", message=summary)
    await pat.wait_for_reply(lambda m: "1 Short is queued again" in (m.text or ""))
    await queue.join()
    again = await pat.wait_for_reply(lambda m: "Batch: 24 of 24 made" in (m.text or ""))
    assert again.button_texts == [
        "▶️ Open a Short", "📦 Download all", "📤 Publish or schedule all"
    ]  # fmt: skip
    assert emulator.message(pat.chat.id, progress.message_id).text == (
        "✅ Batch finished: 24 of 24 Shorts made."
    )
    done = await batch_state(db)
    assert done.statuses == [ProjectStatus.DONE] * 24
    assert emulator.sent(pat.chat.id, ok=False) == []
    print(f"24-topic batch end to end: {time.monotonic() - started:.1f} s")


async def _done_count(db: async_sessionmaker[AsyncSession]) -> int:
    return sum(status is ProjectStatus.DONE for status in (await batch_state(db)).statuses)


async def test_a_restart_mid_batch_resumes_it_and_sends_one_summary(
    *,
    chat: ClientFactory,
    emulator: TelegramEmulator,
    queue: LocalQueue,
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
    bot: Bot,
    core: FluentRuntimeCore,
    notifier: TelegramNotifier,
) -> None:
    ivy = chat(5102, "Ivy", "en")
    await make_pro(ivy, db)
    await order_batch(ivy, "\n".join(batch_rows(8)))
    await ivy.click("▶️ Start the batch")
    progress = await ivy.wait_for_reply(lambda m: "queued" in (m.text or ""))
    async with asyncio.timeout(120):
        while await _done_count(db) < 3:  # noqa: ASYNC110 - the rows are the signal
            await asyncio.sleep(0.2)
    await queue.close()  # every process stops mid-batch
    stopped = await batch_state(db)
    assert stopped.status is BatchStatus.RUNNING
    assert ProjectStatus.QUEUED in stopped.statuses

    # The next start: a fresh notifier and queue, and the start-up resume the bot runs.
    routes = {
        ProjectOrigin.CHAT: notifier,
        ProjectOrigin.BATCH: BatchNotifier(bot, db, core, min_interval=THROTTLE_S),
    }
    ctx = build_job_ctx(settings, db, OriginRouter(db, routes))
    fresh = LocalQueue(ctx, concurrency=2, sleep=_no_wait)
    try:
        resumed = await fresh.resume_unfinished()
        assert 0 < len(resumed) <= 5
        await fresh.join()
    finally:
        await fresh.close()

    summary = await ivy.wait_for_reply(lambda m: "Batch: 8 of 8 made" in (m.text or ""))
    done = await batch_state(db)
    assert (done.status, done.statuses) == (BatchStatus.DONE, [ProjectStatus.DONE] * 8)
    assert done.progress_message_id == progress.message_id  # still the one message
    assert [m.message_id for m in ivy.replies()] == [summary.message_id]
    assert emulator.message(ivy.chat.id, progress.message_id).text == (
        "✅ Batch finished: 8 of 8 Shorts made."
    )
