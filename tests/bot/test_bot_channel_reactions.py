"""Reactions on a channel post reach the Telegram publication as its numbers: the real bot
polls the Telegram emulator (asking for `message_reaction_count`, which Telegram sends only
when asked), and each update appends a snapshot; a post the bot did not publish is ignored."""

import asyncio
import json

from aiogram import Bot, Dispatcher
from bot_seed import seed_projects
from conftest import ClientFactory
from publish_seed import seed_account, seed_publication
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import Platform, ProjectStatus, PublicationState
from db.models.metric_snapshot import MetricSnapshot
from tests.emulators.telegram import TelegramEmulator


async def snapshots(db: async_sessionmaker[AsyncSession]) -> list[MetricSnapshot]:
    async with db() as session:
        return list((await session.scalars(select(MetricSnapshot))).all())


async def until_snapshots(db: async_sessionmaker[AsyncSession], count: int) -> None:
    for _ in range(200):
        if len(await snapshots(db)) >= count:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{count} snapshots expected")


async def test_reactions_on_a_published_channel_post_become_its_numbers(
    chat: ClientFactory,
    emulator: TelegramEmulator,
    db: async_sessionmaker[AsyncSession],
    dispatcher: Dispatcher,
    bot: Bot,
) -> None:
    alice = chat(7301, "Alice", "en")
    await alice.command("start")
    channel = emulator.add_channel("Shorts daily", owner=alice.user)
    (project_id,) = await seed_projects(db, 7301, ProjectStatus.DONE)
    account_id = await seed_account(
        db, 7301, Platform.TELEGRAM, "Shorts daily", external_id=str(channel.id)
    )
    sent = await bot.send_message(channel.id, "Episode 1")
    other = await bot.send_message(channel.id, "Not a Short")
    publication_id = await seed_publication(
        db, 7301, project_id, account_id, PublicationState.PUBLISHED,
        post_id=str(sent.message_id),
    )  # fmt: skip
    posts = {m.message_id: m for m in emulator.messages(channel.id, from_bot=True)}

    polling = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False))
    try:
        await emulator.wait_until_polling()
        emulator.reactions_counted(posts[other.message_id], {"👍": 9})
        emulator.reactions_counted(posts[sent.message_id], {"👍": 5, "🔥": 2, "paid": 1})
        await until_snapshots(db, 1)
    finally:
        await dispatcher.stop_polling()
        await polling
    allowed = emulator.calls("getUpdates")[0].params["allowed_updates"]
    allowed = json.loads(allowed) if isinstance(allowed, str) else allowed
    (snapshot,) = await snapshots(db)

    assert "message_reaction_count" in allowed
    assert (snapshot.publication_id, snapshot.platform) == (publication_id, Platform.TELEGRAM)
    assert snapshot.likes == 8
    assert snapshot.extra == {"👍": 5, "🔥": 2, "paid": 1}
    assert snapshot.views is None  # bots get no views: no data, not 0
    assert not emulator.state.updates.pending  # both updates were taken and handled
