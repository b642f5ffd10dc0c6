"""/analytics: the totals, the best Short, what works best with its evidence, the platforms'
notes, the charts as photos; the buttons for ideas and the weekly digest."""

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.analytics_callbacks import AnalyticsAction, AnalyticsCb
from bot.analytics_text import platform_notes, report_text
from bot.keyboards.analytics import analytics_actions
from bot.usage_charts import Chart, send_charts
from db.base import utcnow
from db.models import User
from services.analytics import analytics_report, report_charts
from services.weekly_digest import set_weekly_digest

THROTTLE = {"throttling_key": "usage"}


async def cmd_analytics(
    message: Message, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    now = utcnow()
    report = await analytics_report(session, user.id, now=now)
    if report.published_posts == 0:
        await message.answer(i18n.get("analytics-empty"))
        return
    markup = analytics_actions(i18n, digest_on=user.weekly_digest)
    if not report.has_data:
        notes = platform_notes(i18n, report.platforms)
        text = "\n".join([i18n.get("analytics-waiting", count=report.published_posts), *notes])
        await message.answer(text, reply_markup=markup)
        return
    await message.answer(report_text(i18n, report), reply_markup=markup)
    drawn = await report_charts(session, user.id, now=now, language=user.language)
    charts = [
        Chart(chart.png, i18n.get(f"analytics-caption-{chart.name}"), f"{chart.name}.png")
        for chart in drawn
    ]
    await send_charts(message, charts)


async def on_digest(
    query: CallbackQuery,
    *,
    callback_data: AnalyticsCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    """Turn the weekly digest on or off; the button shows the new state."""
    on = callback_data.action is AnalyticsAction.DIGEST_ON
    await set_weekly_digest(session, user.id, on=on)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=analytics_actions(i18n, digest_on=on))
        await query.message.answer(
            i18n.get("analytics-digest-on" if on else "analytics-digest-off")
        )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_analytics, Command("analytics"), flags=THROTTLE)
    switches = {AnalyticsAction.DIGEST_ON, AnalyticsAction.DIGEST_OFF}
    router.callback_query.register(
        on_digest, AnalyticsCb.filter(F.action.in_(switches)), flags=THROTTLE
    )
    return router
