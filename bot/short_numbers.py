"""A Short's numbers on its card in My Shorts: one line per platform ("no data yet" is not
0; a deleted post, an account to reconnect, Telegram's missing views said as such) and a
small chart of its views when there is one."""

from aiogram import Bot
from aiogram.types import BufferedInputFile
from aiogram_i18n import I18nContext

from bot.analytics_text import counts_text
from bot.text_limits import CAPTION_LIMIT, visible_len
from bot.time_text import local_time_text
from core.enums import MetricsState, Platform
from services.analytics import short_chart
from services.analytics_models import PlatformNumbers, ShortNumbers

STATE_NOTES = {MetricsState.GONE: "card-state-gone", MetricsState.REVOKED: "card-state-revoked"}


def platform_line(i18n: I18nContext, numbers: PlatformNumbers, zone: str | None) -> str:
    platform = i18n.get(f"platform-{numbers.platform.value}")
    latest = numbers.latest
    if latest.has_data:
        line = i18n.get("card-numbers-line", platform=platform, counts=counts_text(i18n, latest))
    else:
        line = i18n.get("card-numbers-none", platform=platform)
    notes = []
    if numbers.state in STATE_NOTES:
        notes.append(i18n.get(STATE_NOTES[numbers.state]))
    if numbers.platform is Platform.TELEGRAM:
        notes.append(i18n.get("card-state-telegram"))
    if numbers.read_at is not None:
        notes.append(i18n.get("card-numbers-read", when=local_time_text(numbers.read_at, zone)))
    return "; ".join([line, *notes])


def numbers_text(i18n: I18nContext, numbers: ShortNumbers, zone: str | None) -> str | None:
    """None for a Short published nowhere (its card says nothing of numbers)."""
    if not numbers.platforms:
        return None
    lines = [i18n.get("card-numbers-title")]
    lines += [platform_line(i18n, item, zone) for item in numbers.platforms]
    return "\n".join(lines)


async def send_short_numbers(
    bot: Bot, chat_id: int, i18n: I18nContext, numbers: ShortNumbers, zone: str | None
) -> None:
    """The numbers as a photo's caption when there is a chart, as a message otherwise."""
    text = numbers_text(i18n, numbers, zone)
    if text is None:
        return
    png = await short_chart(numbers, language=i18n.locale)
    if png is None:
        await bot.send_message(chat_id, text)
        return
    photo = BufferedInputFile(png, f"short-{numbers.project_id}.png")
    if visible_len(text) <= CAPTION_LIMIT:
        await bot.send_photo(chat_id, photo, caption=text)
        return
    await bot.send_message(chat_id, text)
    await bot.send_photo(chat_id, photo, caption=i18n.get("analytics-caption-short"))
