"""/usage: what this month's Shorts cost, per provider and per Short, and a chart by day."""

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.usage_charts import chart_text, draw, month_name, send_charts
from db.models import User
from services.usage_report import UsageReport, get_usage_report

THROTTLE = {"throttling_key": "usage"}
TOPIC_CHARS = 40


def _topic(topic: str) -> str:
    short = topic if len(topic) <= TOPIC_CHARS else topic[: TOPIC_CHARS - 1].rstrip() + "…"
    return html.quote(short)


def usage_text(i18n: I18nContext, report: UsageReport, month: str) -> str:
    lines = [i18n.get("usage-summary", month=month, total=float(report.total_usd))]
    if report.by_provider:
        lines += ["", i18n.get("usage-by-provider")]
        lines += [
            i18n.get("usage-provider-line", provider=html.quote(name), cost=float(cost))
            for name, cost in report.by_provider.items()
        ]
    if report.top_shorts:
        lines += ["", i18n.get("usage-top-shorts")]
        lines += [
            i18n.get("usage-short-line", topic=_topic(s.topic), cost=float(s.cost_usd))
            for s in report.top_shorts
        ]
    return "\n".join(lines)


async def cmd_usage(
    message: Message, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    report = await get_usage_report(session, user.id)
    month = month_name(i18n, report.month)
    if report.total_usd == 0:
        await message.answer(i18n.get("usage-empty", month=month))
        return
    await message.answer(usage_text(i18n, report, month))
    text = chart_text(i18n, i18n.get("usage-chart-title", month=month), i18n.get("usage-chart-y"))
    chart = await draw(report.chart, text, "usage.png")
    if chart is not None:
        await send_charts(message, [chart])


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_usage, Command("usage"), flags=THROTTLE)
    return router
