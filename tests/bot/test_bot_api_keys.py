"""/api in the bot: a Pro user lists, makes (shown once, and it authenticates) and revokes
keys; another user's key ID or a tampered one is not found; Free and Creator users hear
that their plan has no API, in their language, with the /plan hint."""

import re
from datetime import UTC, datetime

import pytest
from aiogram import Bot, Dispatcher
from batch_world import set_plan
from conftest import ClientFactory
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks import ApiKeyAction, ApiKeyCb
from core.plans import PlanCode
from db.queries import users
from services.api_keys import ApiKeyInvalid, authenticate, list_api_keys
from tests.emulators.telegram import BotClient, CallbackRecord, StoredMessage

KEY = re.compile(r"sf_[A-Za-z0-9_-]{20,}")


async def _new_key(client: BotClient, button: str) -> str:
    await client.click(button)
    made: StoredMessage = await client.wait_for_reply(lambda m: bool(KEY.search(m.text or "")))
    found = KEY.search(made.text or "")
    assert found is not None
    return found.group()


async def _forged(
    client: BotClient, dispatcher: Dispatcher, bot: Bot, target: StoredMessage, data: str
) -> CallbackRecord:
    """A press with callback data the message never carried (a tampered client)."""
    record = client.emulator.user_clicks(client.user, target, data, strict=False, enqueue=False)
    assert record.update is not None
    await dispatcher.feed_raw_update(bot, record.update)
    return await client.wait_for_answer(record)


async def _user_id(db: async_sessionmaker[AsyncSession], secret: str) -> int:
    async with db() as session:
        return (await authenticate(session, secret, now=datetime.now(UTC))).user_id


async def test_a_pro_user_makes_uses_and_revokes_a_key(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], dispatcher: Dispatcher, bot: Bot
) -> None:
    ann, bob = chat(6401, "Ann", "en"), chat(6402, "Bob", "en")
    await set_plan(ann, db, PlanCode.PRO)
    await set_plan(bob, db, PlanCode.AGENCY)

    await ann.command("api")
    empty = await ann.wait_for_reply(lambda m: "Your REST API keys" in (m.text or ""))
    assert "No keys yet." in (empty.text or "")
    assert empty.button_texts == ["➕ New key"]
    secret = await _new_key(ann, "➕ New key")
    shown = ann.last_message
    assert shown is not None
    assert "only time it is shown" in (shown.text or "")
    ann_id = await _user_id(db, secret)

    await ann.command("api")
    listed = await ann.wait_for_reply(lambda m: "Your REST API keys" in (m.text or ""))
    text = listed.text or ""
    assert f"{secret[:10]}… telegram" in text
    assert "last used: never" not in text  # the key was just used
    assert secret not in text  # shown once only
    assert listed.button_texts == ["➕ New key", f"🗑 Revoke {secret[:10]}…"]

    await bob.command("api")
    await bob.wait_for_reply()
    bob_secret = await _new_key(bob, "➕ New key")
    bob_id = await _user_id(db, bob_secret)
    async with db() as session:
        (bob_key,) = await list_api_keys(session, bob_id)
    for action in (ApiKeyAction.REVOKE, ApiKeyAction.REVOKE_YES):
        for key_id in (bob_key.id, 2**31 - 1):
            data = ApiKeyCb(action=action, key_id=key_id).pack()
            press = await _forged(ann, dispatcher, bot, listed, data)
            assert press.show_alert
            assert (press.answer_text or "").startswith("Not found")
    assert await _user_id(db, bob_secret) == bob_id  # Bob's key still works

    await ann.click(f"🗑 Revoke {secret[:10]}…", message=listed)
    ask = await ann.wait_for_reply(lambda m: "Revoke the key" in (m.text or ""))
    assert ask.button_texts == ["🗑 Yes, revoke", "Keep it"]
    await ann.click("🗑 Yes, revoke", message=ask)
    gone = await ann.wait_for_reply(lambda m: "The key is revoked." in (m.text or ""))
    assert "No keys yet." in (gone.text or "")
    with pytest.raises(ApiKeyInvalid):
        await _user_id(db, secret)
    async with db() as session:
        assert await list_api_keys(session, ann_id) == []


@pytest.mark.parametrize(
    ("plan", "language", "refusal"),
    [
        (
            PlanCode.FREE,
            "ru",
            "В тарифе Free нет доступа к API; он есть в Pro и Agency. Сменить тариф — /plan.",
        ),
        (
            PlanCode.CREATOR,
            "en",
            "The Creator plan has no API access; Pro and Agency do. Upgrade with /plan.",
        ),
    ],
)
async def test_a_plan_without_the_api_is_told_to_upgrade(
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    plan: PlanCode,
    language: str,
    refusal: str,
) -> None:
    eve = chat(6403, "Eve", language)
    await set_plan(eve, db, plan)
    await eve.command("api")
    screen = await eve.wait_for_reply(lambda m: "API" in (m.text or "") and bool(m.buttons))
    press = await eve.wait_for_answer(await eve.click(1, message=screen))
    assert press.show_alert
    assert press.answer_text == refusal
    async with db() as session:
        found = await users.get_user_by_telegram_id(session, 6403)
        assert found is not None
        assert await list_api_keys(session, found.id) == []
