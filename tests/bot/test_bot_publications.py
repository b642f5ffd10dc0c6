"""My Shorts shows each publication: platform, account, state in words, link, why it failed;
Retry only for a failure, Cancel only for a scheduled one (also from /cancel), and "it is
posted / post again" for one the platform cannot be asked about; another user's
publication behind a tampered button is not found."""

from datetime import UTC, datetime

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
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import Platform, ProjectStatus, PublicationState
from jobs.queue import LocalQueue
from publishers.errors import UserMustConfirm
from tests.emulators.telegram import BotClient, CallbackRecord, StoredMessage

NOT_FOUND = "Not found: it was deleted, or it is not yours."
S = PublicationState


async def press(client: BotClient, dispatcher: Dispatcher, bot: Bot, data: str) -> CallbackRecord:
    target = client.emulator.last_message(client.chat.id)
    assert target is not None
    record = client.emulator.user_clicks(client.user, target, data, strict=False, enqueue=False)
    assert record.update is not None
    await dispatcher.feed_raw_update(bot, record.update)
    return await client.wait_for_answer(record)


async def published_everywhere(
    client: BotClient, db: async_sessionmaker[AsyncSession]
) -> tuple[int, dict[str, int]]:
    """A Short with one publication in each state that has buttons (and a published one)."""
    await client.command("start")
    await client.wait_for_reply()
    (project_id,) = await seed_projects(db, client.user.id, ProjectStatus.DONE)
    uid, made = client.user.id, {}
    due = datetime(2031, 5, 4, 6, 30, tzinfo=UTC)
    rows: dict[str, tuple[Platform, str, PublicationState, dict[str, object]]] = {
        "published": (Platform.INSTAGRAM, "alice.ig", S.PUBLISHED,
                      {"post_url": "https://instagram.test/p/1"}),
        "failed": (Platform.YOUTUBE, "Alice TV", S.FAILED,
                   {"error_key": "error-publish-rejected"}),
        "scheduled": (Platform.X, "@alice_x", S.SCHEDULED, {"due_at": due}),
        "unknown": (Platform.TELEGRAM, "@alice_ch", S.OUTCOME_UNKNOWN,
                    {"error_key": UserMustConfirm.key}),
        "unknown2": (Platform.TELEGRAM, "@alice_two", S.OUTCOME_UNKNOWN,
                     {"error_key": UserMustConfirm.key}),
    }  # fmt: skip
    for key, (platform, name, state, fields) in rows.items():
        account = await seed_account(db, uid, platform, name)
        made[key] = await seed_publication(db, uid, project_id, account, state, **fields)
    return project_id, made


async def open_short(client: BotClient) -> StoredMessage:
    await client.command("shorts")
    await client.wait_for_reply(lambda m: bool(m.buttons))
    await client.click(1)
    return await client.wait_for_reply(lambda m: (m.text or "").startswith("Publications"))


async def test_my_shorts_shows_each_publication_and_its_buttons(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    queue: LocalQueue,  # noqa: F811
    publish_jobs: PublishJobs,  # noqa: F811
) -> None:
    alice = chat(7401, "Alice", "en")
    project_id, made = await published_everywhere(alice, db)
    await set_preferences(db, 7401, timezone="Europe/Berlin")

    card = await open_short(alice)

    assert (card.text or "").splitlines() == [
        "Publications",
        "✅ Instagram · alice.ig: published open",
        "⚠️ YouTube · Alice TV: failed",
        "   YouTube refused this post.",
        "🗓 X · @alice_x: scheduled for 04.05 08:30 (Europe/Berlin)",
        "❓ Telegram channel · @alice_ch: not known yet whether it went out",
        "   Please check the channel: is the post there?",
        "❓ Telegram channel · @alice_two: not known yet whether it went out",
        "   Please check the channel: is the post there?",
    ]
    assert card.button_texts == [
        "🔁 Retry YouTube · Alice TV",
        "✖️ Cancel X · @alice_x",
        "✅ It is posted: Telegram channel · @alice_ch",
        "🔁 It is not posted, post again: Telegram channel · @alice_ch",
        "✅ It is posted: Telegram channel · @alice_two",
        "🔁 It is not posted, post again: Telegram channel · @alice_two",
    ]

    for button, answer_text in (
        ("🔁 Retry YouTube · Alice TV", "Trying again."),
        ("✖️ Cancel X · @alice_x", "Cancelled."),
        ("✅ It is posted: Telegram channel · @alice_ch", "Marked as published."),
        ("🔁 It is not posted, post again: Telegram channel · @alice_two", "Posting again."),
    ):
        record = await alice.click(button, message=card)
        assert (await alice.wait_for_answer(record)).answer_text == answer_text
    await queue.join()

    states = {p.id: p.state for p in await publications_of(db, project_id)}
    assert states == {
        made["published"]: S.PUBLISHED,
        made["failed"]: S.QUEUED,
        made["scheduled"]: S.CANCELLED,
        made["unknown"]: S.PUBLISHED,
        made["unknown2"]: S.PROCESSING,
    }
    assert sorted(publish_jobs.ran) == sorted([made["failed"], made["unknown2"]])
    redrawn = alice.emulator.message(alice.chat.id, card.message_id)
    assert redrawn.button_texts == []  # nothing left to press


async def test_cancel_lists_scheduled_publications_in_russian(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    queue: LocalQueue,  # noqa: F811
) -> None:
    olga = chat(7402, "Olga", "ru")
    project_id, made = await published_everywhere(olga, db)
    await set_preferences(db, 7402, timezone="Europe/Moscow")

    await olga.command("cancel")
    listed = await olga.wait_for_reply(lambda m: bool(m.buttons))
    assert (listed.text or "").splitlines() == [
        "Запланированные публикации (нажмите, чтобы отменить)",
        "🗓 X · @alice_x: запланировано на 04.05 09:30 (Europe/Moscow)",
    ]
    await olga.click("✖️ Отменить X · @alice_x")
    await olga.wait_for_reply(lambda m: (m.text or "").startswith("Публикации"))
    states = {p.id: p.state for p in await publications_of(db, project_id)}
    assert states[made["scheduled"]] is S.CANCELLED

    await olga.command("cancel")
    nothing = await olga.wait_for_reply()
    assert not (nothing.text or "").startswith("Запланированные")


async def test_another_users_publication_is_not_found(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    dispatcher: Dispatcher,
    bot: Bot,
    queue: LocalQueue,  # noqa: F811
) -> None:
    alice = chat(7403, "Alice", "en")
    project_id, made = await published_everywhere(alice, db)
    eve = chat(7404, "Eve", "en")
    await eve.command("start")
    await eve.wait_for_reply()

    for action, key in (("retry", "failed"), ("cancel", "scheduled"), ("posted", "unknown")):
        answer = await press(eve, dispatcher, bot, f"po:{action}:{made[key]}")
        assert (answer.show_alert, answer.answer_text) == (True, NOT_FOUND)
    answer = await press(alice, dispatcher, bot, f"po:retry:{made['published']}")
    assert answer.answer_text == "That did not work: only a failed one can be tried again."
    states = {p.id: p.state for p in await publications_of(db, project_id)}
    assert states[made["failed"]] is S.FAILED
    assert states[made["scheduled"]] is S.SCHEDULED
    assert states[made["unknown"]] is S.OUTCOME_UNKNOWN
