"""The weekly digest (opt-in from /analytics) goes once a week to the users who asked for it,
however many passes run at once; and a Short's card in My Shorts shows its numbers per
platform ("no data yet" apart from 0, a deleted post, Telegram's missing views) and a chart."""

import asyncio
from datetime import timedelta

import pytest
from aiogram import Bot, Dispatcher
from analytics_seed import seed_numbers
from conftest import ClientFactory
from publish_seed import seed_account, seed_publication, user_of
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stars_flows import press_data

from bot.callbacks import ShortsAction, ShortsCb
from core.enums import MetricsState, Platform, PublicationState
from db.base import utcnow
from db.models.publication import Publication
from jobs.queue import LocalQueue
from jobs.weekly_digest import send_weekly_digests
from pipeline.context import JobCtx
from tests.emulators.telegram import BotClient, TelegramEmulator


def _digests(emulator: TelegramEmulator, client: BotClient, title: str) -> int:
    return sum(
        title in (m.content or "") for m in emulator.messages(client.chat.id, from_bot=True)
    )


# Three users' digests draw three views charts per pass, four passes: about 15 s idle, past
# the default 60 s on a loaded machine.
@pytest.mark.timeout(240)
async def test_the_digest_goes_once_a_week_to_opted_in_users_only(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], emulator: TelegramEmulator,
    job_ctx: JobCtx, queue: LocalQueue,
) -> None:  # fmt: skip
    ann, vera, eve = chat(8501, "Ann", "en"), chat(8502, "Vera", "ru"), chat(8503, "Eve", "en")
    now = utcnow()
    for client in (ann, vera, eve):
        await client.command("start")
        await seed_numbers(db, client.user.id, now=now)
    for client, off in ((ann, "🔕 Weekly digest: off"), (vera, "🔕 Сводка за неделю: выкл.")):
        await client.command("analytics")
        await client.wait_for_reply(lambda m: bool(m.buttons))
        await client.click(off)
        await client.wait_for_reply(lambda m: (m.text or "").startswith(("Done", "Готово")))
    assert (await user_of(db, 8501)).weekly_digest
    assert not (await user_of(db, 8503)).weekly_digest

    passes = await asyncio.gather(*(send_weekly_digests(job_ctx, queue, now=now) for _ in "ab"))
    assert sum(passes) == 2
    assert _digests(emulator, ann, "Your week in numbers") == 1
    assert _digests(emulator, vera, "Ваша неделя в цифрах") == 1
    assert _digests(emulator, eve, "Your week in numbers") == 0
    (digest,) = [
        m for m in emulator.messages(8501, from_bot=True) if "week in" in (m.content or "")
    ]
    assert digest.media_kind == "photo"
    assert "Last 7 days: views: " in (digest.caption or "")
    assert "Best Short: Octopus hearts" in (digest.caption or "")

    assert await send_weekly_digests(job_ctx, queue, now=now + timedelta(days=1)) == 0
    assert await send_weekly_digests(job_ctx, queue, now=now + timedelta(days=7)) == 2
    await ann.command("analytics")
    await ann.wait_for_reply(lambda m: bool(m.buttons))
    await ann.click("🔔 Weekly digest: on")
    await ann.wait_for_reply(lambda m: "no more weekly digests" in (m.text or ""))
    assert await send_weekly_digests(job_ctx, queue, now=now + timedelta(days=14)) == 1
    assert _digests(emulator, ann, "Your week in numbers") == 2
    assert _digests(emulator, vera, "Ваша неделя в цифрах") == 3


async def test_a_shorts_card_shows_its_numbers_per_platform_and_a_chart(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], emulator: TelegramEmulator,
    dispatcher: Dispatcher, bot: Bot,
) -> None:  # fmt: skip
    ann = chat(8504, "Ann", "en")
    await ann.command("start")
    seeded = await seed_numbers(db, 8504, now=utcnow())
    best, gone = seeded.project_ids[0], seeded.youtube[1]
    x_account = await seed_account(db, 8504, Platform.X, "@ann_x")
    await seed_publication(
        db, 8504, best, x_account, PublicationState.PUBLISHED, post_url="https://x.test/1"
    )  # never read yet
    async with db() as session:
        await session.execute(
            update(Publication)
            .where(Publication.id == gone)
            .values(metrics_state=MetricsState.GONE)
        )
        await session.commit()

    await ann.command("shorts")
    await ann.wait_for_reply(lambda m: bool(m.buttons))
    await press_data(
        ann, dispatcher, bot, ShortsCb(action=ShortsAction.OPEN, project_id=best).pack()
    )
    card = await ann.wait_for_reply(lambda m: (m.content or "").startswith("Numbers"))
    text = card.caption or ""
    assert card.media_kind == "photo"  # the small chart of its views
    assert "YouTube: views: 5,000, likes: 600, comments: no data yet, shares: no data yet" in text
    assert "Telegram channel: views: no data yet, likes: 12" in text
    assert "Telegram gives bots no views: reactions only" in text
    assert "X: no data yet" in text

    await press_data(
        ann,
        dispatcher,
        bot,
        ShortsCb(action=ShortsAction.OPEN, project_id=seeded.project_ids[1]).pack(),
    )
    second = await ann.wait_for_reply(lambda m: (m.content or "").startswith("Numbers"))
    assert "the post was deleted or made private; its last numbers are kept" in (
        second.content or ""
    )
