"""/analytics through the real dispatcher on the Telegram emulator, in English and Russian:
the totals, the best Short and its link, what works best with its evidence, the platforms'
notes, the charts as real pictures; the "nothing published" state; /stats' published posts
and views for admins only."""

import io
from datetime import timedelta

from aiogram import Bot
from analytics_seed import seed_numbers
from conftest import ADMIN_ID, ClientFactory
from PIL import Image, ImageStat
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.base import utcnow
from tests.emulators.telegram import BotClient, StoredMessage, TelegramEmulator


def _photos(emulator: TelegramEmulator, client: BotClient) -> list[StoredMessage]:
    return [m for m in emulator.messages(client.chat.id, from_bot=True) if m.media_kind]


def _assert_pictures(emulator: TelegramEmulator, client: BotClient, count: int) -> list[str]:
    """Each photo decodes (Telegram keeps a JPEG of what was sent: real image data, PNG
    files by name), is phone-sized and not blank; returns the captions."""
    photos = _photos(emulator, client)
    assert len(photos) >= count
    for photo in photos:
        image = Image.open(io.BytesIO(emulator.file_of(photo).data))
        image.load()
        assert min(image.size) >= 300
        (low, high), *_ = ImageStat.Stat(image.convert("L")).extrema
        assert high - low > 100  # lines and words on a background, not one colour
    uploads = [
        upload for request in emulator.sent(client.chat.id, ok=True) for upload in request.uploads
    ]
    assert uploads
    assert all((u.filename or "").endswith(".png") for u in uploads)
    assert all(u.size > 5_000 for u in uploads)
    return [p.caption or "" for p in photos]


async def test_analytics_in_english_shows_numbers_evidence_notes_and_charts(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], emulator: TelegramEmulator
) -> None:
    ann = chat(8301, "Ann", "en")
    await ann.command("start")
    seeded = await seed_numbers(db, 8301, now=utcnow())

    await ann.command("analytics")
    report = await ann.wait_for_reply(lambda m: "in numbers" in (m.text or ""))
    text = report.text or ""
    assert "Published posts: 7" in text
    assert "Last 30 days: views: 16,500, likes: " in text
    assert "comments: no data yet" in text  # YouTube gave none: not 0
    assert "Last 7 days: views: " in text
    assert "Best Short: Octopus hearts (views: 5,000, engagement: " in text
    assert "Style: Neon — n=3, +" in text
    assert "engagement, strong effect" in text
    assert "(a default: too few of your own Shorts with numbers yet)" in text
    assert "Telegram gives bots no view counts" in text
    assert "YouTube numbers arrive late: up to 48–72 hours" in text
    assert "every replay of a Short as a view" in text
    links = [e.get("url") for e in report.data.get("entities", []) if e["type"] == "text_link"]
    assert links == [seeded.best_url]
    assert report.button_texts == ["💡 Ideas", "🔕 Weekly digest: off"]
    captions = _assert_pictures(emulator, ann, 2)
    assert "Views over time, per platform" in captions


async def test_analytics_in_russian_and_with_nothing_published(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], emulator: TelegramEmulator
) -> None:
    vera, ivan, eve = chat(8302, "Vera", "ru"), chat(8303, "Ivan", "ru"), chat(8304, "Eve", "en")
    for client in (vera, ivan, eve):
        await client.command("start")
    await seed_numbers(db, 8302, now=utcnow() - timedelta(hours=1))

    await vera.command("analytics")
    text = (await vera.wait_for_reply(lambda m: "в цифрах" in (m.text or ""))).text or ""
    assert "Опубликовано постов: 7" in text
    assert "За 30 дн.: просмотры: 16\xa0500" in text
    assert "Лучший ролик: Octopus hearts" in text
    assert "Стиль: Неон — n=3, вовлечённость +" in text
    assert "эффект сильный" in text
    assert "Telegram не даёт ботам число просмотров" in text
    captions = _assert_pictures(emulator, vera, 2)
    assert "Просмотры по времени, по площадкам" in captions

    await ivan.command("analytics")
    empty = (await ivan.wait_for_reply()).text or ""
    assert empty.startswith("Опубликованных роликов пока нет")
    assert "/new" in empty
    await eve.command("analytics")
    english = (await eve.wait_for_reply()).text or ""
    assert english.startswith("No published Shorts yet")
    assert "Next step: make a Short with /new" in english
    assert _photos(emulator, ivan) == []
    assert _photos(emulator, eve) == []


async def test_admin_stats_counts_published_posts_and_views_for_admins_only(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], bot: Bot
) -> None:
    creator, admin, eve = chat(8305, "Vera", "en"), chat(ADMIN_ID, "Admin", "en"), chat(8306)
    await creator.command("start")
    await eve.command("start")
    await admin.command("stats")
    before = (await admin.wait_for_reply(lambda m: "Stats" in (m.text or ""))).text or ""
    assert "Published posts: 0; total views: no data yet" in before

    await seed_numbers(db, 8305, now=utcnow())
    await admin.command("stats")
    after = (await admin.wait_for_reply(lambda m: "Stats" in (m.text or ""))).text or ""
    assert "Published posts: 7; total views: 16,500" in after
    await eve.command("stats")
    assert (await eve.wait_for_reply()).text == (
        "I did not understand that. Use the menu below, or /help."
    )
    menu = {c.command: c.description for c in await bot.get_my_commands(language_code="ru")}
    assert menu["analytics"] == "Просмотры, лайки и что работает лучше"
    assert menu["ideas"] == "Идеи для следующих роликов"
