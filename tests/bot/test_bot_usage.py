"""/usage for everyone, the charts of /stats and this month's spending in /user for admins:
through the real dispatcher on the Telegram emulator, in English and Russian."""

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from conftest import ADMIN_ID, ClientFactory
from PIL import Image, ImageStat
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import PaymentStatus, ProjectStatus, UsageUnit
from core.plans import PlanCode
from db.base import utcnow
from db.models import Payment
from db.queries import projects, usage, users
from tests.emulators.telegram import BotClient, StoredMessage, TelegramEmulator


async def _seed(db: async_sessionmaker[AsyncSession], telegram_id: int) -> None:
    """Two Shorts (one done, one failed) with fal, ElevenLabs and render entries today; a
    Pro plan paid and another payment refunded."""
    async with db() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id)
        assert user is not None
        user.plan, user.plan_expires_at = PlanCode.PRO, datetime(2099, 1, 31, tzinfo=UTC)
        for charge, state in (("paid", PaymentStatus.PAID), ("back", PaymentStatus.REFUNDED)):
            session.add(
                Payment(
                    user_id=user.id, telegram_user_id=telegram_id, plan=PlanCode.PRO,
                    stars=5000, charge_id=f"{charge}-{telegram_id}", payload="p", status=state,
                    refunded_at=utcnow() if state is PaymentStatus.REFUNDED else None,
                )
            )  # fmt: skip
        costs = {"Octopus <brains>": ("fal", "0.75"), "Dreams": ("elevenlabs", "0.30")}
        for status, (topic, (provider, cost)) in zip(
            (ProjectStatus.DONE, ProjectStatus.FAILED), costs.items(), strict=True
        ):
            project = await projects.create_project(
                session, user.id, topic=topic, language="en", target_duration=15,
                style="vivid", tone="calm",
            )  # fmt: skip
            projects.set_project_state(project, status, stage=None, error_key="error-render")
            await usage.add_usage(
                session, user.id, provider=provider, unit=UsageUnit.IMAGES, quantity=1,
                cost_usd=Decimal(cost), project_id=project.id,
            )  # fmt: skip
        await usage.add_usage(
            session, user.id, provider="ffmpeg", unit=UsageUnit.RENDER_SECONDS, quantity=120
        )
        old = await usage.add_usage(
            session, user.id, provider="fal", unit=UsageUnit.IMAGES, quantity=1, cost_usd=9
        )
        old.created_at = utcnow() - timedelta(days=70)  # an earlier month: not counted
        await session.commit()


def _picture(emulator: TelegramEmulator, message: StoredMessage) -> Image.Image:
    """The photo as Telegram keeps it (re-encoded, as Telegram does: a JPEG)."""
    image = Image.open(io.BytesIO(emulator.file_of(message).data))
    image.load()
    assert image.size == (1200, 800)
    return image


def _photos(emulator: TelegramEmulator, client: BotClient) -> list[StoredMessage]:
    return [m for m in emulator.messages(client.chat.id, from_bot=True) if m.media_kind]


async def test_usage_shows_the_month_per_provider_and_short_and_a_chart(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], emulator: TelegramEmulator
) -> None:
    ann = chat(8101, "Ann", "en")
    await ann.command("start")
    await _seed(db, 8101)

    await ann.command("usage")
    text = (await ann.wait_for_reply(lambda m: "Spending in" in (m.text or ""))).text or ""
    assert "Total: $1.05" in text
    assert "fal: $0.75" in text
    assert "elevenlabs: $0.30" in text
    assert text.index("fal: $0.75") < text.index("elevenlabs: $0.30")  # the largest first
    assert "Octopus <brains>: $0.75" in text  # escaped HTML, shown as typed
    assert "$9" not in text
    photo = await ann.wait_for_reply(lambda m: m.media_kind == "photo")
    assert (photo.caption or "").startswith("Spending by day, ")
    assert ImageStat.Stat(_picture(emulator, photo).convert("L")).extrema[0][0] < 100
    (upload,) = emulator.sent(8101, "sendPhoto", ok=True)[0].uploads
    assert upload.filename == "usage.png"
    assert upload.size > 10_000


async def test_usage_in_russian_and_with_nothing_spent(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], emulator: TelegramEmulator
) -> None:
    vera, ivan = chat(8102, "Vera", "ru"), chat(8103, "Ivan", "ru")
    await vera.command("start")
    await ivan.command("start")
    await _seed(db, 8102)

    await vera.command("usage")
    text = (await vera.wait_for_reply(lambda m: "Расходы" in (m.text or ""))).text or ""
    assert "Всего: $1,05" in text
    assert "Самые дорогие ролики" in text
    photo = await vera.wait_for_reply(lambda m: m.media_kind == "photo")
    assert (photo.caption or "").startswith("Расходы по дням, ")

    await ivan.command("usage")
    reply = await ivan.wait_for_reply()
    assert (reply.text or "").startswith("Расходов за ")
    assert _photos(emulator, ivan) == []


async def test_admin_stats_sends_charts_in_the_admins_language(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], emulator: TelegramEmulator
) -> None:
    creator, admin = chat(8104, "Vera", "en"), chat(ADMIN_ID, "Admin", "ru")
    await creator.command("start")
    await admin.command("stats")
    await admin.wait_for_reply(lambda m: "Статистика" in (m.text or ""))
    nothing = await admin.wait_for_reply(lambda m: "За последние 30" in (m.text or ""))
    assert "не было" in (nothing.text or "")
    assert _photos(emulator, admin) == []

    await _seed(db, 8104)
    await admin.command("stats")
    stats = await admin.wait_for_reply(lambda m: "Статистика" in (m.text or ""))
    assert "Причины сбоев (30 дн.): error-render: 1" in (stats.text or "")
    assert "Выручка (30 дн.): 5\xa0000 звёзд за вычетом возвратов" in (stats.text or "")
    album = emulator.sent(ADMIN_ID, "sendMediaGroup", ok=True)
    assert len(album) == 1
    photos = _photos(emulator, admin)
    captions = [p.caption or "" for p in photos]
    assert [c.split(",")[0] for c in captions] == [
        "Ролики по дням",
        "Минуты рендера по дням",
        "Расходы по сервисам и дням",
        "Выручка в звёздах по дням",
    ]
    images = [_picture(emulator, p).convert("RGB").tobytes() for p in photos]
    assert len(set(images)) == len(images)


async def test_admin_user_card_has_this_months_spending(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession]
) -> None:
    creator, admin = chat(8105, "Vera", "ru"), chat(ADMIN_ID, "Admin", "en")
    await creator.command("start")
    await _seed(db, 8105)
    await admin.command("user", "8105")
    card = (await admin.wait_for_reply()).text or ""
    assert "(Telegram 8105)" in card
    assert "Plan: Pro, until 2099-01-31; Shorts this month: 1 of 200" in card
    assert "This month: $1.05 (fal: $0.75, elevenlabs: $0.30)" in card
    this_month, earlier = utcnow(), utcnow() - timedelta(days=70)
    assert f"By month: {earlier:%m.%Y}: $9.00, {this_month:%m.%Y}: $1.05" in card


async def test_others_get_nothing_admin_only(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], emulator: TelegramEmulator
) -> None:
    eve = chat(8106, "Eve", "en")
    await eve.command("start")
    await _seed(db, 8106)
    for command, args in (("user", "8106"), ("stats", "")):
        await eve.command(command, args)
        reply = (await eve.wait_for_reply()).text or ""
        assert reply == "I did not understand that. Use the menu below, or /help."
    assert _photos(emulator, eve) == []
    assert emulator.sent(8106, "sendMediaGroup") == []
