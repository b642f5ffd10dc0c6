"""The publish job's reports through the bot's notifier, in the person's language: published
with its link, moved to a later window with the time in their zone, "is it posted?" with two
buttons, reconnect with the accounts a tap away, failed with the reason and a Retry that
works."""

from datetime import UTC, datetime

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

from bot.notify import TelegramNotifier
from core.enums import Platform, ProjectStatus, PublicationState
from core.ports import PublicationEvent, PublicationNews
from jobs.queue import LocalQueue
from tests.emulators.telegram import BotClient, StoredMessage


async def report(
    notifier: TelegramNotifier, client: BotClient, db: async_sessionmaker[AsyncSession],
    news: PublicationNews, *, publication_id: int = 1, key: str = "", **params: object,
) -> StoredMessage:  # fmt: skip
    user = await user_of(db, client.user.id)
    event = PublicationEvent(
        user_id=user.id, publication_id=publication_id, project_id=1,
        platform=Platform.TELEGRAM, account_name="@chan", news=news, key=key, params=params,
    )  # fmt: skip
    await notifier.publication(event)
    return await client.wait_for_reply()


async def test_each_report_in_english(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    notifier: TelegramNotifier,
    queue: LocalQueue,  # noqa: F811
    publish_jobs: PublishJobs,  # noqa: F811
) -> None:
    alice = chat(7501, "Alice", "en")
    await alice.command("start")
    await alice.wait_for_reply()
    await set_preferences(db, 7501, timezone="Asia/Tashkent")

    published = await report(
        notifier, alice, db, PublicationNews.PUBLISHED, url="https://t.me/chan/5"
    )
    assert published.text == "✅ Published to Telegram channel “@chan”. open"
    assert published.data["entities"][0]["url"] == "https://t.me/chan/5"
    later = datetime(2031, 1, 2, 3, 0, tzinfo=UTC).isoformat()
    scheduled = await report(notifier, alice, db, PublicationNews.SCHEDULED, when=later)
    assert scheduled.text == (
        "🗓 Telegram channel “@chan” has reached its posting limit for now; "
        "the post goes out at 02.01 08:00 (Asia/Tashkent)."
    )
    confirm = await report(notifier, alice, db, PublicationNews.CONFIRM)
    assert confirm.button_texts == [
        "✅ It is posted: Telegram channel · @chan",
        "🔁 It is not posted, post again: Telegram channel · @chan",
    ]
    reconnect = await report(notifier, alice, db, PublicationNews.RECONNECT)
    assert (reconnect.text or "").startswith("⚠️ Telegram channel “@chan” needs to be connected")
    assert reconnect.button_texts == ["🔗 My accounts"]
    await alice.click("🔗 My accounts", message=reconnect)
    await alice.wait_for_reply(lambda m: "Connect Telegram channel" in " ".join(m.button_texts))

    (project_id,) = await seed_projects(db, 7501, ProjectStatus.DONE)
    account = await seed_account(db, 7501, Platform.TELEGRAM, "@chan")
    failed_id = await seed_publication(
        db, 7501, project_id, account, PublicationState.FAILED,
        error_key="error-channel-bot-kicked",
    )  # fmt: skip
    failed = await report(
        notifier, alice, db, PublicationNews.FAILED, publication_id=failed_id,
        key="error-channel-bot-kicked", provider="Telegram", channel="@chan", reason="kicked",
    )  # fmt: skip
    assert failed.text == (
        "⚠️ The Short was not published to Telegram channel “@chan”: I was removed from @chan. "
        "Add me back as an administrator with the right to post messages, then connect the "
        "channel again."
    )
    await alice.click("🔁 Retry Telegram channel · @chan", message=failed)
    await queue.join()
    (retried,) = await publications_of(db, project_id)
    assert retried.state is PublicationState.QUEUED
    assert publish_jobs.ran == [failed_id]


async def test_reports_in_russian(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], notifier: TelegramNotifier
) -> None:
    olga = chat(7502, "Olga", "ru")
    await olga.command("start")
    await olga.wait_for_reply()

    published = await report(notifier, olga, db, PublicationNews.PUBLISHED, url="")
    assert published.text == "✅ Опубликовано: Telegram-канал «@chan»."
    failed = await report(
        notifier, olga, db, PublicationNews.FAILED, key="error-publish-unavailable",
        provider="Telegram", reason="502",
    )  # fmt: skip
    assert failed.text == (
        "⚠️ Не опубликовано: Telegram-канал «@chan». Telegram-канал сейчас не отвечает. "
        "Ничего не опубликовано; попробуйте позже."
    )
    assert failed.button_texts == ["🔁 Повторить Telegram-канал · @chan"]
