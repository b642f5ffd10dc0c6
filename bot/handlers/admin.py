"""Admin commands, only for settings.bot.admin_ids (the filter is set in `get_routers`):
/stats (with charts of the last days), /user, /block and /unblock."""

from decimal import Decimal

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.analytics_text import count
from bot.usage_charts import activity_charts, send_charts
from core.enums import ProjectStatus
from core.errors import NotFound
from core.settings import Settings
from services import admin, moderation
from services.analytics import admin_metrics


def _statuses(i18n: I18nContext, counts: dict[ProjectStatus, int]) -> str:
    parts = [f"{i18n.get(f'status-{s.value}')}: {counts[s]}" for s in ProjectStatus if s in counts]
    return ", ".join(parts) or "0"


def _minutes(seconds: Decimal) -> float:
    """Render minutes as a number, so Fluent writes it the locale's way (0.5 / 0,5)."""
    return round(float(seconds) / 60, 1)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{html.quote(name)}: {n}" for name, n in counts.items())


async def cmd_stats(message: Message, i18n: I18nContext, session: AsyncSession) -> None:
    """The totals, then charts of the last days (or a sentence when nothing happened)."""
    numbers = await admin.get_overview(session)
    failures = ", ".join(f"{stage.value}: {n}" for stage, n in numbers.failed_stages.items())
    text = i18n.get(
        "admin-stats",
        users=numbers.users,
        shorts=_statuses(i18n, numbers.projects),
        failures=failures or "0",
        queue=numbers.queue_depth,
        minutes=_minutes(numbers.render_seconds),
        cost=float(numbers.cost_usd),
    )
    days = admin.ACTIVITY_DAYS
    activity = await admin.get_activity(session, days=days)
    text += "\n" + i18n.get("usage-admin-revenue", days=days, stars=activity.revenue_stars)
    metrics = await admin_metrics(session)
    views = count(i18n, metrics.total_views)
    text += "\n" + i18n.get("admin-stats-metrics", posts=metrics.published_posts, views=views)
    if activity.failure_reasons:
        reasons = _counts(activity.failure_reasons)
        text += "\n" + i18n.get("usage-admin-failures", days=days, reasons=reasons)
    await message.answer(text)
    charts = await activity_charts(i18n, activity, days)
    if not charts:
        await message.answer(i18n.get("usage-admin-no-activity", days=days))
        return
    await send_charts(message, charts)


def _plan(i18n: I18nContext, status: admin.PlanStatus) -> str:
    limit = status.plan.shorts_per_month
    expires = status.expires_at
    return i18n.get(
        "usage-admin-user-plan",
        plan=i18n.get("plan-name", plan=status.plan.code.value),
        expires=expires.strftime("%Y-%m-%d") if expires else "none",
        used=status.shorts_used,
        limit=i18n.get("usage-admin-unlimited") if limit is None else limit,
    )


async def cmd_user(
    message: Message, command: CommandObject, i18n: I18nContext, session: AsyncSession
) -> None:
    """`/user <telegram or internal id>`."""
    arg = (command.args or "").strip()
    if not arg.isdigit():
        await message.answer(i18n.get("admin-user-usage"))
        return
    card = await admin.get_user_card(session, int(arg))
    if card is None:
        await message.answer(i18n.get("admin-user-unknown", id=arg))
        return
    summary, user = card.summary, card.summary.user
    text = i18n.get(
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
    providers = ", ".join(
        i18n.get("usage-admin-provider", provider=html.quote(name), cost=float(cost))
        for name, cost in card.month_by_provider.items()
    )
    month = i18n.get(
        "usage-admin-user-month", cost=float(card.month_usd), providers=providers or "—"
    )
    lines = [text, _plan(i18n, card.plan), month]
    if card.months:
        by_month = ", ".join(
            i18n.get("usage-admin-provider", provider=f"{m:%m.%Y}", cost=float(cost))
            for m, cost in card.months.items()
        )
        lines.append(i18n.get("usage-admin-user-months", months=by_month))
    await message.answer("\n".join(lines))


def _telegram_id(command: CommandObject) -> int | None:
    arg = (command.args or "").strip()
    return int(arg) if arg.isdigit() else None


async def cmd_block(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    session: AsyncSession,
    settings: Settings,
) -> None:
    """`/block <telegram id>`: the user's updates are dropped, their queued Shorts cancelled."""
    if (telegram_id := _telegram_id(command)) is None:
        await message.answer(i18n.get("admin-block-usage"))
        return
    try:
        done = await moderation.block_user(session, telegram_id, admin_ids=settings.bot.admin_ids)
    except NotFound:
        await message.answer(i18n.get("admin-user-unknown", id=str(telegram_id)))
        return
    who = {"telegram": str(telegram_id), "name": html.quote(done.user.name)}
    if not done.changed:
        await message.answer(i18n.get("admin-already-blocked", **who))
        return
    await message.answer(i18n.get("admin-blocked", **who, cancelled=done.cancelled))


async def cmd_unblock(
    message: Message, command: CommandObject, i18n: I18nContext, session: AsyncSession
) -> None:
    """`/unblock <telegram id>`."""
    if (telegram_id := _telegram_id(command)) is None:
        await message.answer(i18n.get("admin-unblock-usage"))
        return
    try:
        done = await moderation.unblock_user(session, telegram_id)
    except NotFound:
        await message.answer(i18n.get("admin-user-unknown", id=str(telegram_id)))
        return
    who = {"telegram": str(telegram_id), "name": html.quote(done.user.name)}
    key = "admin-unblocked" if done.changed else "admin-not-blocked"
    await message.answer(i18n.get(key, **who))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_stats, Command("stats"))
    router.message.register(cmd_user, Command("user"))
    router.message.register(cmd_block, Command("block"))
    router.message.register(cmd_unblock, Command("unblock"))
    return router
