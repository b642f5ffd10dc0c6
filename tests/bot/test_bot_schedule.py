"""Schedule under a preview: the next free slot or a day, hour and minute picked in the
person's time zone, stored as the right UTC time; a time already past is refused; /timezone
by button, by name, by offset, and a name that is no zone."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aiogram import Bot, Dispatcher
from bot_seed import seed_projects
from conftest import ClientFactory
from publish_seed import (  # noqa: F401 - fixtures
    PublishJobs,
    publications_of,
    publish_jobs,
    queue,
    seed_account,
    seed_publication,
    set_preferences,
    user_of,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks import PreviewAction, PreviewCb
from core.enums import Platform, ProjectStatus, PublicationState
from jobs.queue import LocalQueue
from services.publish_slots import next_free_slot
from tests.emulators.telegram import BotClient, CallbackRecord

MOSCOW = ZoneInfo("Europe/Moscow")


async def press(client: BotClient, dispatcher: Dispatcher, bot: Bot, data: str) -> CallbackRecord:
    target = client.emulator.last_message(client.chat.id)
    assert target is not None
    record = client.emulator.user_clicks(client.user, target, data, strict=False, enqueue=False)
    assert record.update is not None
    await dispatcher.feed_raw_update(bot, record.update)
    return await client.wait_for_answer(record)


async def to_the_time(
    client: BotClient, db: async_sessionmaker[AsyncSession], dispatcher: Dispatcher, bot: Bot,
    *, zone: str | None, choose: str,
) -> tuple[int, int]:  # fmt: skip
    """A Short and a channel; Schedule pressed, the accounts confirmed: (project, account)."""
    await client.command("start")
    await client.wait_for_reply()
    (project_id,) = await seed_projects(db, client.user.id, ProjectStatus.DONE)
    await set_preferences(db, client.user.id, timezone=zone)
    account_id = await seed_account(db, client.user.id, Platform.TELEGRAM, "@chan")
    data = PreviewCb(action=PreviewAction.SCHEDULE, project_id=project_id).pack()
    await press(client, dispatcher, bot, data)
    await client.wait_for_reply(lambda m: bool(m.buttons))
    await client.click(choose)
    await client.wait_for_reply(lambda m: len(m.buttons) == 3)
    return project_id, account_id


async def test_a_picked_time_in_moscow_is_stored_in_utc_in_russian(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    dispatcher: Dispatcher,
    bot: Bot,
    queue: LocalQueue,  # noqa: F811
    publish_jobs: PublishJobs,  # noqa: F811
) -> None:
    olga = chat(7301, "Olga", "ru")
    project_id, _ = await to_the_time(
        olga, db, dispatcher, bot, zone="Europe/Moscow", choose="🗓 Выбрать время"
    )
    tomorrow = datetime.now(MOSCOW).date() + timedelta(days=1)

    await olga.click("📅 Выбрать дату и время")
    days = await olga.wait_for_reply(lambda m: "Выберите день" in (m.text or ""))
    assert "Europe/Moscow" in (days.text or "")
    assert len(days.buttons) == 14 + 1
    await olga.click(f"{tomorrow:%d.%m}")
    await olga.wait_for_reply(lambda m: "Выберите час" in (m.text or ""))
    await olga.click("09")
    minutes = await olga.wait_for_reply(lambda m: "Выберите минуты" in (m.text or ""))
    assert minutes.button_texts == ["09:00", "09:15", "09:30", "09:45", "✖️ Закрыть"]
    await olga.click("09:30")
    done = await olga.wait_for_reply(lambda m: "Запланировано" in (m.text or ""))

    assert done.text == (
        f"🗓 Запланировано на {tomorrow:%d.%m} 09:30 (Europe/Moscow):\n• Telegram-канал · @chan"
    )
    (made,) = await publications_of(db, project_id)
    assert made.state is PublicationState.SCHEDULED
    assert made.due_at == datetime.combine(tomorrow, time(6, 30), tzinfo=UTC)
    assert publish_jobs.ran == []  # the scheduler's tick queues it when it is due


async def test_a_time_already_past_is_refused(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    dispatcher: Dispatcher,
    bot: Bot,
    queue: LocalQueue,  # noqa: F811
) -> None:
    alice = chat(7302, "Alice", "en")
    project_id, _ = await to_the_time(
        alice, db, dispatcher, bot, zone="America/New_York", choose="🗓 Choose the time"
    )
    today = datetime.now(ZoneInfo("America/New_York")).date()

    await alice.click("📅 Pick a date and time")
    await alice.wait_for_reply(lambda m: "Pick a day" in (m.text or ""))
    await alice.click(f"{today:%d.%m}")
    await alice.wait_for_reply(lambda m: "Pick the hour" in (m.text or ""))
    await alice.click("00")
    await alice.wait_for_reply(lambda m: "Pick the minutes" in (m.text or ""))
    await alice.click("00:00")
    refused = await alice.wait_for_reply(lambda m: "already passed" in (m.text or ""))

    assert refused.text == "That time has already passed. Pick another day."
    assert f"{today:%d.%m}" in refused.button_texts  # the days again
    assert await publications_of(db, project_id) == []


async def test_the_next_free_slot_skips_a_taken_one(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    dispatcher: Dispatcher,
    bot: Bot,
    queue: LocalQueue,  # noqa: F811
) -> None:
    alice = chat(7303, "Alice", "en")
    await alice.command("start")
    await alice.wait_for_reply()
    first = next_free_slot(datetime.now(UTC), UTC, [])
    (older,) = await seed_projects(db, 7303, ProjectStatus.DONE)
    taken_by = await seed_account(db, 7303, Platform.X, "@alice_x")
    await seed_publication(
        db, 7303, older, taken_by, PublicationState.SCHEDULED, due_at=first
    )  # fmt: skip
    project_id, _ = await to_the_time(
        alice, db, dispatcher, bot, zone=None, choose="🗓 Choose the time"
    )
    second = next_free_slot(datetime.now(UTC), UTC, [first])
    shown = alice.emulator.last_keyboard_message(alice.chat.id)
    assert shown is not None
    assert f"⏭ Next free slot: {second:%d.%m %H:%M} (UTC)" in shown.button_texts

    await alice.click(f"⏭ Next free slot: {second:%d.%m %H:%M} (UTC)")
    await alice.wait_for_reply(lambda m: "Scheduled for" in (m.text or ""))
    made = await publications_of(db, project_id)  # the X account and the channel
    assert [(p.state, p.due_at) for p in made] == [(PublicationState.SCHEDULED, second)] * 2


async def test_timezone_by_button_name_and_offset(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession]
) -> None:
    alice = chat(7304, "Alice", "en")
    await alice.command("timezone")
    ask = await alice.wait_for_reply(lambda m: bool(m.buttons))
    assert (ask.text or "").startswith("Your time zone is UTC.")
    assert ask.button_texts[:4] == ["Moscow", "Kyiv", "Minsk", "Almaty"]

    await alice.click("Tbilisi")
    await alice.wait_for_reply(lambda m: m.text == "Your time zone is now Asia/Tbilisi.")
    await alice.command("timezone")
    await alice.wait_for_reply(lambda m: bool(m.buttons))
    await alice.send("Mars/Olympus")
    refused = await alice.wait_for_reply()
    assert (refused.text or "").startswith("“Mars/Olympus” is not a time zone I know.")
    await alice.send("utc+5")
    await alice.wait_for_reply(lambda m: m.text == "Your time zone is now UTC+5.")
    assert (await user_of(db, 7304)).timezone == "Etc/GMT-5"

    await alice.command("timezone", "america/new_york")
    await alice.wait_for_reply(lambda m: m.text == "Your time zone is now America/New_York.")


async def test_timezone_in_russian(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession]
) -> None:
    olga = chat(7305, "Olga", "ru")
    await olga.command("timezone")
    ask = await olga.wait_for_reply(lambda m: bool(m.buttons))
    assert ask.button_texts[:3] == ["Москва", "Киев", "Минск"]
    await olga.click("Москва")
    await olga.wait_for_reply(lambda m: m.text == "Теперь ваш часовой пояс: Europe/Moscow.")
    await olga.command("timezone")
    await olga.wait_for_reply(lambda m: bool(m.buttons))
    await olga.send("+5:30")
    refused = await olga.wait_for_reply()
    assert "не целое число часов" in (refused.text or "")
    assert (await user_of(db, 7305)).timezone == "Europe/Moscow"
