"""/grant TELEGRAM_ID PLAN [DAYS]: an admin gives a user a plan (the admin filter is set in
`get_routers`); the user is told in their language."""

import contextlib
from datetime import UTC, datetime

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.plan_view import when_text
from core.errors import NotFound
from core.plans import PlanCode
from core.settings import Settings
from services.payments import plan_title
from services.plan_admin import grant_plan_by_admin


def _parse(args: str | None, default_days: int) -> tuple[int, PlanCode, int] | None:
    words = (args or "").split()
    if len(words) not in (2, 3) or not words[0].isdigit():
        return None
    plan = words[1].lower()
    if plan not in set(PlanCode) or (len(words) == 3 and not words[2].isdigit()):  # noqa: PLR2004
        return None
    days = int(words[2]) if len(words) == 3 else default_days  # noqa: PLR2004
    return int(words[0]), PlanCode(plan), days


async def cmd_grant(
    message: Message,
    *,
    command: CommandObject,
    i18n: I18nContext,
    session: AsyncSession,
    settings: Settings,
    bot: Bot,
) -> None:
    parsed = _parse(command.args, settings.plans.period_days)
    if parsed is None:
        await message.answer(i18n.get("stars-grant-usage", days=settings.plans.period_days))
        return
    telegram_id, code, days = parsed
    try:
        done = await grant_plan_by_admin(
            session, telegram_id, code, days=days, now=datetime.now(UTC)
        )
    except NotFound:
        await message.answer(i18n.get("admin-user-unknown", id=str(telegram_id)))
        return
    who = {"telegram": str(telegram_id), "name": html.quote(done.user.name)}
    if done.expires_at is None:
        await message.answer(i18n.get("stars-grant-ended", **who))
        return
    until = when_text(done.expires_at, None)
    await message.answer(i18n.get("stars-granted", **who, plan=plan_title(code), until=until))
    note = i18n.core.get(
        "stars-granted-note",
        done.user.language,
        plan=plan_title(code),
        until=when_text(done.expires_at, done.user.timezone),
    )
    with contextlib.suppress(TelegramAPIError):  # the user blocked the bot: the grant stands
        await bot.send_message(telegram_id, note)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_grant, Command("grant"))
    return router
