"""Renewal reminders (the periodic job through the bot's notifier) and /grant for admins."""

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stars_flows import buy, open_plan, user_row

from bot.notify import TelegramNotifier
from core.enums import ProjectOrigin
from core.plans import PlanCode
from core.ports import SilentNotifier
from core.settings import Settings
from jobs.plan_reminders import remind_renewals
from jobs.queue import LocalQueue
from jobs.runtime import build_job_ctx
from pipeline.context import JobCtx
from services.notices import OriginRouter
from tests.bot.conftest import ADMIN_ID, ClientFactory
from tests.emulators.telegram import TelegramEmulator


async def test_a_plan_ending_soon_is_reminded_once_with_a_renew_button(
    chat: ClientFactory,
    emulator: TelegramEmulator,
    db: async_sessionmaker[AsyncSession],
    job_ctx: JobCtx,
    queue: LocalQueue,
) -> None:
    ann = chat(5001, "Ann", "en")
    await buy(ann)
    expires = (await user_row(db, 5001)).plan_expires_at
    assert expires is not None
    soon = expires - timedelta(days=2)

    assert await remind_renewals(job_ctx, queue, now=soon) == 1
    assert await remind_renewals(job_ctx, queue, now=soon + timedelta(hours=1)) == 0

    reminder = await ann.wait_for_reply(lambda m: (m.text or "").startswith("⏳"))
    assert (reminder.text or "").startswith("⏳ Your Creator plan ends on ")
    assert reminder.button_texts == ["Renew Creator: 1,500 ⭐"]
    assert [m.text for m in emulator.messages(5001) if (m.text or "").startswith("⏳")] == [
        reminder.text
    ]
    await ann.click("Renew Creator", message=reminder)
    invoice = await ann.wait_for_reply(lambda m: "invoice" in m.data)
    query = await ann.pays(invoice)
    assert query.status == "approved"
    renewed = (await user_row(db, 5001)).plan_expires_at
    assert renewed is not None
    assert renewed - expires == timedelta(days=30)


async def test_admin_grants_a_plan_and_the_user_is_told(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession]
) -> None:
    ann, admin = chat(5001, "Ann", "ru"), chat(ADMIN_ID, "Admin", "en")
    await open_plan(ann)  # Ann is known to the bot

    await admin.command("grant", "5001 pro 10")
    reply = await admin.wait_for_reply()
    note = await ann.wait_for_reply(lambda m: (m.text or "").startswith("🎁"))

    assert (reply.text or "").startswith("User 5001 (Ann) has Pro until ")
    assert (note.text or "").startswith("🎁 Вам выдан тариф Pro до ")
    user = await user_row(db, 5001)
    assert user.plan is PlanCode.PRO
    assert user.plan_expires_at is not None
    left = user.plan_expires_at - datetime.now(UTC)
    assert timedelta(days=9, hours=23) < left <= timedelta(days=10)
    assert ((await open_plan(ann)).text or "").startswith("Ваш тариф: Pro")

    await admin.command("grant", "5001 platinum")
    usage = await admin.wait_for_reply()
    assert (usage.text or "").startswith("Usage: /grant TELEGRAM_ID PLAN [DAYS]")
    await admin.command("grant", "777 pro")
    assert (await admin.wait_for_reply()).text == "No user 777."


async def test_grant_is_for_admins_only(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession]
) -> None:
    mallory = chat(5002, "Mallory", "en")
    await mallory.command("grant", "5002 agency 3650")
    await mallory.wait_for_reply()

    assert (await user_row(db, 5002)).plan is PlanCode.FREE


async def test_the_workers_notifier_routes_reminders_to_the_chat_and_the_cli_skips_them(
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
    notifier: TelegramNotifier,
    queue: LocalQueue,
) -> None:
    ann = chat(5001, "Ann", "en")
    await buy(ann)
    expires = (await user_row(db, 5001)).plan_expires_at
    assert expires is not None
    soon = expires - timedelta(days=1)

    silent = build_job_ctx(settings, db, SilentNotifier())  # reaches no chat, like the CLI
    assert await remind_renewals(silent, queue, now=soon) == 0
    routed = build_job_ctx(settings, db, OriginRouter(db, {ProjectOrigin.CHAT: notifier}))
    assert await remind_renewals(routed, queue, now=soon) == 1

    reminder = await ann.wait_for_reply(lambda m: (m.text or "").startswith("⏳"))
    assert reminder.button_texts == ["Renew Creator: 1,500 ⭐"]
