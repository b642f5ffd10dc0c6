"""TikTok's required post screen in the publish picker, against the TikTok emulator: the
creator's nickname from creator_info, privacy from its options with none chosen, interaction
toggles off (greyed where the creator disabled them), the commercial-content disclosure, the
Music Usage Confirmation line; the choices reach the publication."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from bot_seed import seed_projects
from conftest import ClientFactory
from publish_seed import (  # noqa: F401 - fixtures
    PublishJobs,
    on_plan,
    publications_of,
    publish_jobs,
    queue,
    set_preferences,
    user_of,
)
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks import PreviewAction, PreviewCb
from bot.publishing_kit import PublishingKit, publishing_kit
from core.enums import AccountStatus, Platform, ProjectStatus, PublicationState
from core.plans import PlanCode
from core.publisher_settings import PublishersSettings
from core.settings import BotSettings, RenderSettings, Settings, StorageSettings
from core.token_cipher import token_cipher
from db.models import SocialAccount
from jobs.queue import LocalQueue
from publishers.tiktok import TikTokOAuth
from tests.emulators.telegram import DEFAULT_TOKEN, BotClient, CallbackRecord
from tests.emulators.tiktok import TikTokEmulator

MUSIC = "By posting, you agree to TikTok's Music Usage Confirmation."


@pytest.fixture
async def tiktok() -> AsyncIterator[TikTokEmulator]:
    async with TikTokEmulator() as emulator:
        emulator.add_user(
            "open.kate", "Kate Creates", "kate",
            privacy_options=("FOLLOWER_OF_CREATOR", "SELF_ONLY"), duet_disabled=True,
        )  # fmt: skip
        yield emulator


@pytest.fixture
def settings(storage_root: Path, tiktok: TikTokEmulator) -> Settings:
    return Settings(
        bot=BotSettings(token=SecretStr(DEFAULT_TOKEN)),
        storage=StorageSettings(root=storage_root),
        render=RenderSettings(width=360, height=640, preset="ultrafast"),
        publishers=PublishersSettings(
            secrets_dir=storage_root.parent / "secrets", tiktok=tiktok.settings()
        ),
    )


@pytest.fixture
def publishing(settings: Settings, db: async_sessionmaker[AsyncSession]) -> PublishingKit:
    clients = {Platform.TIKTOK: TikTokOAuth(settings.publishers.tiktok)}
    return publishing_kit(settings, clients, sessionmaker=db)


async def connect_tiktok(
    db: async_sessionmaker[AsyncSession], settings: Settings, tiktok: TikTokEmulator,
    telegram_id: int,
) -> int:  # fmt: skip
    """The account as the web app's callback stores it (tokens sealed)."""
    access, refresh = tiktok.grant("open.kate")
    cipher = token_cipher(settings.publishers)
    user = await user_of(db, telegram_id)
    await on_plan(db, user.id, PlanCode.CREATOR)  # TikTok is not in the Free plan
    async with db() as session:
        account = SocialAccount(
            user_id=user.id, platform=Platform.TIKTOK, external_id="open.kate",
            name="kate", status=AccountStatus.ACTIVE, access_token=cipher.seal(access),
            refresh_token=cipher.seal(refresh),
        )  # fmt: skip
        session.add(account)
        await session.commit()
        return account.id


async def press(client: BotClient, dispatcher: Dispatcher, bot: Bot, data: str) -> CallbackRecord:
    target = client.emulator.last_message(client.chat.id)
    assert target is not None
    record = client.emulator.user_clicks(client.user, target, data, strict=False, enqueue=False)
    assert record.update is not None
    await dispatcher.feed_raw_update(bot, record.update)
    return await client.wait_for_answer(record)


async def test_the_tiktok_screen_takes_every_required_choice(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    dispatcher: Dispatcher,
    bot: Bot,
    settings: Settings,
    tiktok: TikTokEmulator,
    queue: LocalQueue,  # noqa: F811
    publish_jobs: PublishJobs,  # noqa: F811
) -> None:
    alice = chat(7601, "Alice", "en")
    await alice.command("start")
    await alice.wait_for_reply()
    (project_id,) = await seed_projects(db, 7601, ProjectStatus.DONE)
    await set_preferences(db, 7601, ai_disclosure=True)
    account_id = await connect_tiktok(db, settings, tiktok, 7601)

    data = PreviewCb(action=PreviewAction.PUBLISH, project_id=project_id).pack()
    await press(alice, dispatcher, bot, data)
    picker = await alice.wait_for_reply(lambda m: bool(m.buttons))
    assert picker.button_texts[0] == "✅ TikTok · kate"
    await alice.click("🚀 Publish now")
    screen = await alice.wait_for_reply(lambda m: "TikTok: posting as" in (m.text or ""))

    assert (screen.text or "").splitlines()[0] == "🎵 TikTok: posting as Kate Creates"
    assert MUSIC in (screen.text or "")
    assert screen.button_texts == [
        "⚪ Followers", "⚪ Only me",
        "⬜ Allow comments", "🚫 Duet is off in your TikTok settings", "⬜ Allow Stitch",
        "⬜ Disclose commercial content",
        "✅ Continue", "✖️ Close",
    ]  # fmt: skip
    answer = await alice.wait_for_answer(await alice.click("✅ Continue"))
    assert answer.answer_text == "Choose who can see the video on TikTok first."
    answer = await alice.wait_for_answer(
        await alice.click("🚫 Duet is off in your TikTok settings")
    )
    assert answer.answer_text == "🚫 Duet is off in your TikTok settings"

    for button, shown in (
        ("⚪ Only me", "🔘 Only me"),
        ("⬜ Allow comments", "☑️ Allow comments"),
        ("⬜ Disclose commercial content", "⬜ Branded content"),
        ("⬜ Branded content", "☑️ Branded content"),
    ):
        await alice.click(button)
        await alice.wait_for_reply(lambda m, s=shown: s in m.button_texts)  # type: ignore[misc]
    branded = alice.emulator.message(alice.chat.id, screen.message_id)
    assert "Branded Content Policy and Music Usage Confirmation" in (branded.text or "")
    assert "“Paid partnership”" in (branded.text or "")
    answer = await alice.wait_for_answer(await alice.click("✅ Continue"))
    assert answer.answer_text == (
        "Branded content cannot be private on TikTok: choose another audience."
    )
    await alice.click("⚪ Followers")
    await alice.wait_for_reply(lambda m: "🔘 Followers" in m.button_texts)
    await alice.click("✅ Continue")
    sent = await alice.wait_for_reply(lambda m: "Publishing to:" in (m.text or ""))
    await queue.join()

    assert sent.text == "🚀 Publishing to:\n• TikTok · kate"
    (made,) = await publications_of(db, project_id)
    assert (made.account_id, made.state) == (account_id, PublicationState.QUEUED)
    assert made.choices.privacy == "FOLLOWER_OF_CREATOR"
    assert made.choices.options == {
        "allow_comment": True, "allow_duet": False, "allow_stitch": False,
        "brand_organic": False, "brand_content": True,
    }  # fmt: skip
    assert publish_jobs.ran == [made.id]
    assert len(tiktok.to("creator_info")) >= 7  # asked each time the screen was drawn


async def test_a_short_longer_than_the_creator_may_post_is_refused_in_russian(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    dispatcher: Dispatcher,
    bot: Bot,
    settings: Settings,
    tiktok: TikTokEmulator,
    queue: LocalQueue,  # noqa: F811
) -> None:
    olga = chat(7602, "Olga", "ru")
    await olga.command("start")
    await olga.wait_for_reply()
    (project_id,) = await seed_projects(db, 7602, ProjectStatus.DONE)  # 15 s
    await set_preferences(db, 7602, ai_disclosure=False)
    await connect_tiktok(db, settings, tiktok, 7602)
    tiktok.state.users["open.kate"].max_duration_s = 10

    data = PreviewCb(action=PreviewAction.SCHEDULE, project_id=project_id).pack()
    await press(olga, dispatcher, bot, data)
    await olga.wait_for_reply(lambda m: bool(m.buttons))
    await olga.click("🗓 Выбрать время")
    screen = await olga.wait_for_reply(lambda m: "публикация от имени" in (m.text or ""))
    assert "Подтверждение использования музыки TikTok" in (screen.text or "")
    await olga.click("⚪ Подписчики")
    await olga.wait_for_reply(lambda m: "🔘 Подписчики" in m.button_texts)
    answer = await olga.wait_for_answer(await olga.click("✅ Продолжить"))

    assert answer.answer_text == (
        "Этот ролик длится 15 с, а этот аккаунт TikTok может публиковать видео не длиннее 10 с."
    )
    assert await publications_of(db, project_id) == []
