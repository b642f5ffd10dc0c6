"""/accounts: the list with each account's status, connect links only for the platforms
this server has an app for (Telegram channels always), disconnect with a confirmation, and
another user's account behind a tampered button: not found."""

from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from conftest import ClientFactory
from publish_seed import seed_account
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.publishing_kit import PublishingKit, publishing_kit
from core.enums import AccountStatus, Platform
from core.publisher_settings import PublishersSettings, TikTokSettings
from core.settings import BotSettings, RenderSettings, Settings, StorageSettings
from db.models import SocialAccount
from publishers.tiktok import TikTokOAuth
from tests.emulators.telegram import DEFAULT_TOKEN, BotClient, CallbackRecord

NOT_FOUND = "Not found: it was deleted, or it is not yours."


@pytest.fixture
def settings(storage_root: Path) -> Settings:
    """TikTok has an app here (its client key set); the other platforms have none."""
    tiktok = TikTokSettings(client_id="tt-key", client_secret=SecretStr("tt-secret"))
    return Settings(
        bot=BotSettings(token=SecretStr(DEFAULT_TOKEN)),
        storage=StorageSettings(root=storage_root),
        render=RenderSettings(width=360, height=640, preset="ultrafast"),
        publishers=PublishersSettings(secrets_dir=storage_root.parent / "secrets", tiktok=tiktok),
    )


@pytest.fixture
def publishing(settings: Settings) -> PublishingKit:
    clients = {Platform.TIKTOK: TikTokOAuth(settings.publishers.tiktok)}
    return publishing_kit(settings, clients)


async def press(client: BotClient, dispatcher: Dispatcher, bot: Bot, data: str) -> CallbackRecord:
    """A press with any callback_data (a tampered client) on the latest bot message."""
    target = client.emulator.last_message(client.chat.id)
    assert target is not None
    record = client.emulator.user_clicks(client.user, target, data, strict=False, enqueue=False)
    assert record.update is not None
    await dispatcher.feed_raw_update(bot, record.update)
    return await client.wait_for_answer(record)


async def test_no_accounts_yet_offers_the_configured_platforms(chat: ClientFactory) -> None:
    alice = chat(7001, "Alice", "en")
    await alice.command("accounts")
    screen = await alice.wait_for_reply(lambda m: bool(m.buttons))

    assert screen.text is not None
    assert screen.text.startswith("No accounts are connected yet.")
    assert screen.button_texts == [
        "➕ Connect TikTok", "➕ Connect Telegram channel", "⬅️ Menu",
    ]  # fmt: skip
    link = screen.find_button("➕ Connect TikTok")
    assert link is not None
    assert "/oauth/tiktok/start?flow=" in link["url"]


async def test_accounts_show_their_status_and_a_reconnect_link(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession]
) -> None:
    olga = chat(7002, "Olga", "ru")
    await olga.command("start")
    await olga.wait_for_reply()
    await seed_account(db, 7002, Platform.TELEGRAM, "@olga_news")
    await seed_account(
        db, 7002, Platform.TIKTOK, "olga.tt", status=AccountStatus.RECONNECT_REQUIRED
    )
    await olga.command("accounts")
    screen = await olga.wait_for_reply(lambda m: bool(m.buttons))

    assert screen.text == (
        "Ваши аккаунты\n"
        "• Telegram-канал: @olga_news (подключён)\n"
        "• TikTok: olga.tt (⚠️ нужно переподключить)"
    )
    assert screen.button_texts == [
        "❌ Отключить @olga_news",
        "🔄 Переподключить olga.tt",
        "❌ Отключить olga.tt",
        "➕ Подключить TikTok",
        "➕ Подключить Telegram-канал",
        "⬅️ Меню",
    ]


async def test_disconnect_asks_first_then_disconnects(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession]
) -> None:
    alice = chat(7003, "Alice", "en")
    await alice.command("start")
    await alice.wait_for_reply()
    account_id = await seed_account(db, 7003, Platform.TELEGRAM, "@alice_ch")
    await alice.command("accounts")
    await alice.wait_for_reply(lambda m: bool(m.buttons))

    await alice.click("❌ Disconnect @alice_ch")
    ask = await alice.wait_for_reply(lambda m: "Disconnect Telegram channel" in (m.text or ""))
    assert ask.button_texts == ["❌ Yes, disconnect", "⬅️ Back"]
    async with db() as session:
        before = await session.get(SocialAccount, account_id)
        assert before is not None
        assert before.status is AccountStatus.ACTIVE

    await alice.click("❌ Yes, disconnect")
    done = await alice.wait_for_reply(lambda m: "is disconnected" in (m.text or ""))
    assert done.text is not None
    assert "No accounts are connected yet." in done.text
    async with db() as session:
        account = await session.get(SocialAccount, account_id)
        assert account is not None
        assert account.status is AccountStatus.DISCONNECTED


async def test_another_users_account_behind_a_tampered_button_is_not_found(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], dispatcher: Dispatcher, bot: Bot
) -> None:
    bob = chat(7004, "Bob", "en")
    await bob.command("start")
    await bob.wait_for_reply()
    bobs = await seed_account(db, 7004, Platform.TELEGRAM, "@bob_ch")
    eve = chat(7005, "Eve", "en")
    await eve.command("accounts")
    await eve.wait_for_reply(lambda m: bool(m.buttons))

    for action in ("disc", "disc_ok"):
        answer = await press(eve, dispatcher, bot, f"ac:{action}:{bobs}:telegram")
        assert (answer.show_alert, answer.answer_text) == (True, NOT_FOUND)
    async with db() as session:
        account = await session.get(SocialAccount, bobs)
        assert account is not None
        assert account.status is AccountStatus.ACTIVE
