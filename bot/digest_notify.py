"""The weekly digest in the chat (TelegramNotifier.weekly_digest): the week's and month's
numbers, the best Short, and the views chart when there is one."""

import structlog
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import BufferedInputFile
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.analytics_text import digest_text
from bot.i18n import context_for
from bot.text_limits import CAPTION_LIMIT, visible_len
from core.ports.digest import WeeklyDigest
from services.analytics import analytics_report, report_charts
from services.plan_reminders import get_plan_recipient

log = structlog.get_logger(__name__)


async def send_digest(
    bot: Bot,
    sessionmaker: async_sessionmaker[AsyncSession],
    core: FluentRuntimeCore,
    digest: WeeklyDigest,
) -> bool:
    """True once sent, or when it never can be (the user is gone or blocked the bot)."""
    async with sessionmaker() as session:
        user = await get_plan_recipient(session, digest.user_id)
        if user is None or user.telegram_id is None:
            return True
        report = await analytics_report(session, user.id, now=digest.now)
        charts = await report_charts(session, user.id, now=digest.now, language=user.language)
    i18n = context_for(core, user.language)
    text = digest_text(i18n, report)
    views = next((chart for chart in charts if chart.name == "views"), None)
    try:
        if views is None:
            await bot.send_message(user.telegram_id, text)
        elif visible_len(text) <= CAPTION_LIMIT:
            photo = BufferedInputFile(views.png, "views.png")
            await bot.send_photo(user.telegram_id, photo, caption=text)
        else:
            await bot.send_message(user.telegram_id, text)
            photo = BufferedInputFile(views.png, "views.png")
            caption = i18n.get("analytics-caption-views")
            await bot.send_photo(user.telegram_id, photo, caption=caption)
    except (TelegramForbiddenError, TelegramBadRequest) as error:
        log.info("digest.refused", user_id=user.id, error=str(error))
    except TelegramAPIError as error:
        log.warning("digest.failed", user_id=user.id, error=str(error))
        return False
    return True
