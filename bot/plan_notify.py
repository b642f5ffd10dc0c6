"""The renewal reminder in the chat (TelegramNotifier.plan_expiring): when the plan ends,
and a button that makes a new invoice at today's price."""

import structlog
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import context_for
from bot.keyboards.plan import renew
from bot.plan_view import when_text
from core.ports.payments import PlanReminder
from services.payments import plan_title
from services.plan_reminders import get_plan_recipient

log = structlog.get_logger(__name__)


async def remind_plan(
    bot: Bot,
    sessionmaker: async_sessionmaker[AsyncSession],
    core: FluentRuntimeCore,
    reminder: PlanReminder,
) -> bool:
    """True once sent, or when it never can be (the user is gone or blocked the bot)."""
    async with sessionmaker() as session:
        user = await get_plan_recipient(session, reminder.user_id)
    if user is None or user.telegram_id is None:
        return True
    i18n = context_for(core, user.language)
    text = i18n.get(
        "stars-reminder",
        name=plan_title(reminder.plan),
        until=when_text(reminder.expires_at, user.timezone),
        days=reminder.days,
        stars=reminder.stars,
    )
    try:
        await bot.send_message(
            user.telegram_id, text, reply_markup=renew(i18n, reminder.plan, reminder.stars)
        )
    except (TelegramForbiddenError, TelegramBadRequest) as error:
        log.info("plans.reminder_refused", user_id=user.id, error=str(error))
    except TelegramAPIError as error:
        log.warning("plans.reminder_failed", user_id=user.id, error=str(error))
        return False
    return True
