"""Publish under a preview: the AI label asked once and stored, every active account
preselected, toggles, publications queued for the picked accounts only; each platform's text
editable with its limit; no account yet: connect; another user's Short or account: not
found."""

from aiogram import Bot, Dispatcher
from bot_seed import seed_projects
from conftest import ClientFactory
from publish_seed import (  # noqa: F401 - fixtures
    PublishJobs,
    publications_of,
    publish_jobs,
    queue,
    seed_account,
    set_preferences,
    user_of,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks import PreviewAction, PreviewCb
from core.enums import Platform, ProjectStatus, PublicationState
from jobs.queue import LocalQueue
from tests.emulators.telegram import BotClient, CallbackRecord

NOT_FOUND = "Not found: it was deleted, or it is not yours."


async def press(client: BotClient, dispatcher: Dispatcher, bot: Bot, data: str) -> CallbackRecord:
    """A press with any callback_data on the latest bot message (a preview's, or tampered)."""
    target = client.emulator.last_message(client.chat.id)
    assert target is not None
    record = client.emulator.user_clicks(client.user, target, data, strict=False, enqueue=False)
    assert record.update is not None
    await dispatcher.feed_raw_update(bot, record.update)
    return await client.wait_for_answer(record)


async def a_short(client: BotClient, db: async_sessionmaker[AsyncSession]) -> int:
    await client.command("start")
    await client.wait_for_reply()
    (project_id,) = await seed_projects(db, client.user.id, ProjectStatus.DONE)
    return project_id


def publish(project_id: int) -> str:
    return PreviewCb(action=PreviewAction.PUBLISH, project_id=project_id).pack()


async def test_the_ai_label_is_asked_once_then_the_picked_accounts_are_queued(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    dispatcher: Dispatcher,
    bot: Bot,
    queue: LocalQueue,  # noqa: F811
    publish_jobs: PublishJobs,  # noqa: F811
) -> None:
    alice = chat(7201, "Alice", "en")
    project_id = await a_short(alice, db)
    channel = await seed_account(db, 7201, Platform.TELEGRAM, "@alice_ch")
    await seed_account(db, 7201, Platform.YOUTUBE, "Alice TV")

    await press(alice, dispatcher, bot, publish(project_id))
    question = await alice.wait_for_reply(lambda m: "AI-generated" in (m.text or ""))
    assert question.button_texts == ["Yes, label them", "No"]
    await alice.click("Yes, label them")
    picker = await alice.wait_for_reply(lambda m: "Pick the accounts" in (m.text or ""))
    assert picker.button_texts == [
        "✅ Telegram channel · @alice_ch",
        "✅ YouTube · Alice TV",
        "✏️ Text for Telegram channel",
        "✏️ Text for YouTube",
        "🚀 Publish now",
        "✖️ Close",
    ]
    assert picker.text is not None
    assert "YouTube:\nD\n\n#a #Shorts" in picker.text
    assert (await user_of(db, 7201)).ai_disclosure is True

    await alice.click("✅ YouTube · Alice TV")
    await alice.wait_for_reply(lambda m: "⬜ YouTube · Alice TV" in m.button_texts)
    await alice.click("🚀 Publish now")
    sent = await alice.wait_for_reply(lambda m: "Publishing to:" in (m.text or ""))
    await queue.join()

    assert sent.text == "🚀 Publishing to:\n• Telegram channel · @alice_ch"
    (made,) = await publications_of(db, project_id)
    assert (made.account_id, made.state) == (channel, PublicationState.QUEUED)
    assert made.choices.caption == "D\n\n#a"
    assert made.choices.ai_generated is True
    assert publish_jobs.ran == [made.id]

    await press(alice, dispatcher, bot, publish(project_id))  # asked once: the picker now
    again = await alice.wait_for_reply(lambda m: bool(m.buttons))
    assert again.text is not None
    assert "Pick the accounts" in again.text
    await alice.click("🚀 Publish now", message=again)
    youtube = await alice.wait_for_reply(lambda m: "Publishing to:" in (m.text or ""))
    assert youtube.text == "🚀 Publishing to:\n• YouTube · Alice TV"  # the channel has it
    await press(alice, dispatcher, bot, publish(project_id))
    await alice.click("🚀 Publish now", message=await alice.wait_for_reply())
    await alice.wait_for_reply(lambda m: "already published" in (m.text or ""))
    assert len(await publications_of(db, project_id)) == 2


async def test_a_platform_text_is_checked_against_its_limit_then_used_in_russian(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    dispatcher: Dispatcher,
    bot: Bot,
    queue: LocalQueue,  # noqa: F811
) -> None:
    olga = chat(7202, "Olga", "ru")
    project_id = await a_short(olga, db)
    await set_preferences(db, 7202, ai_disclosure=False)
    await seed_account(db, 7202, Platform.TELEGRAM, "@olga_ch")

    await press(olga, dispatcher, bot, publish(project_id))
    await olga.wait_for_reply(lambda m: "Выберите аккаунты" in (m.text or ""))
    await olga.click("✏️ Текст: Telegram-канал")
    await olga.wait_for_reply(lambda m: "не длиннее 1024" in (m.text or ""))

    await olga.send("я" * 1100)
    refused = await olga.wait_for_reply()
    assert refused.text is not None
    assert refused.text.startswith("Текст слишком длинный: 1100 символов")
    assert "не больше 1024." in refused.text

    await olga.send("Новый текст #шорты")
    await olga.wait_for_reply(lambda m: "сохранён" in (m.text or ""))
    picker = await olga.wait_for_reply(lambda m: "Новый текст" in (m.text or ""))
    await olga.click("🚀 Опубликовать сейчас", message=picker)
    await olga.wait_for_reply(lambda m: "Публикую в:" in (m.text or ""))
    (made,) = await publications_of(db, project_id)
    assert made.choices.caption == "Новый текст #шорты"
    assert made.choices.ai_generated is False


async def test_no_account_yet_offers_to_connect_one(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], dispatcher: Dispatcher, bot: Bot
) -> None:
    alice = chat(7203, "Alice", "en")
    project_id = await a_short(alice, db)

    answer = await press(alice, dispatcher, bot, publish(project_id))
    assert answer.answer_text == "No account is connected yet. Connect one first."
    swapped = await alice.wait_for_reply(lambda m: "🔗 Connect accounts" in m.button_texts)
    assert swapped.button_texts == ["🔗 Connect accounts", "⬅️ Back"]
    await alice.click("🔗 Connect accounts")
    screen = await alice.wait_for_reply(lambda m: "No accounts" in (m.text or ""))
    assert "➕ Connect Telegram channel" in screen.button_texts


async def test_another_users_short_or_account_is_not_found(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    dispatcher: Dispatcher,
    bot: Bot,
    queue: LocalQueue,  # noqa: F811
) -> None:
    bob = chat(7204, "Bob", "en")
    bobs_short = await a_short(bob, db)
    bobs_channel = await seed_account(db, 7204, Platform.TELEGRAM, "@bob_ch")
    eve = chat(7205, "Eve", "en")
    eves_short = await a_short(eve, db)
    await set_preferences(db, 7205)
    await seed_account(db, 7205, Platform.TELEGRAM, "@eve_ch")

    answer = await press(eve, dispatcher, bot, publish(bobs_short))
    assert (answer.show_alert, answer.answer_text) == (True, NOT_FOUND)
    await press(eve, dispatcher, bot, publish(eves_short))
    shown = await eve.wait_for_reply(lambda m: "Pick the accounts" in (m.text or ""))
    await press(eve, dispatcher, bot, f"pb:toggle:{eves_short}:{bobs_channel}:telegram")
    picker = eve.emulator.message(eve.chat.id, shown.message_id)  # unchanged: not hers
    assert picker.button_texts == shown.button_texts
    await eve.click("🚀 Publish now", message=picker)
    await eve.wait_for_reply(lambda m: "Publishing to:" in (m.text or ""))
    assert [p.account_id for p in await publications_of(db, bobs_short)] == []
    assert bobs_channel not in [p.account_id for p in await publications_of(db, eves_short)]
