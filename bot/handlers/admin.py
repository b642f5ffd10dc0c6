"""Admin commands, only for settings.bot.admin_ids (the filter is set in `get_routers`)."""

from decimal import Decimal

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import ProjectStatus
from db.queries import stats


def _statuses(i18n: I18nContext, counts: dict[ProjectStatus, int]) -> str:
    parts = [f"{i18n.get(f'status-{s.value}')}: {counts[s]}" for s in ProjectStatus if s in counts]
    return ", ".join(parts) or "0"


def _minutes(seconds: Decimal) -> float:
    """Render minutes as a number, so Fluent writes it the locale's way (0.5 / 0,5)."""
    return round(float(seconds) / 60, 1)


async def cmd_stats(message: Message, i18n: I18nContext, session: AsyncSession) -> None:
    numbers = await stats.overview(session)
    failures = ", ".join(f"{stage.value}: {n}" for stage, n in numbers.failed_stages.items())
    await message.answer(
        i18n.get(
            "admin-stats",
            users=numbers.users,
            shorts=_statuses(i18n, numbers.projects),
            failures=failures or "0",
            queue=numbers.queue_depth,
            minutes=_minutes(numbers.render_seconds),
            cost=float(numbers.cost_usd),
        )
    )


async def cmd_user(
    message: Message, command: CommandObject, i18n: I18nContext, session: AsyncSession
) -> None:
    """`/user <telegram or internal id>`."""
    arg = (command.args or "").strip()
    if not arg.isdigit():
        await message.answer(i18n.get("admin-user-usage"))
        return
    summary = await stats.user_summary(session, int(arg))
    if summary is None:
        await message.answer(i18n.get("admin-user-unknown", id=arg))
        return
    user = summary.user
    await message.answer(
        i18n.get(
            "admin-user",
            id=user.id,
            telegram=str(user.telegram_id),
            name=html.quote(user.name),
            language=user.language,
            blocked=i18n.get("yes" if user.is_blocked else "no"),
            shorts=_statuses(i18n, summary.projects),
            minutes=_minutes(summary.render_seconds),
            cost=float(summary.cost_usd),
        )
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_stats, Command("stats"))
    router.message.register(cmd_user, Command("user"))
    return router
