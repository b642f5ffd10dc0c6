"""The charts of /usage and /stats in the reader's language, and sending them as photos."""

from dataclasses import dataclass
from datetime import date

from aiogram.types import BufferedInputFile, InputMediaPhoto, Message
from aiogram_i18n import I18nContext

from services.admin import Activity
from services.usage_charts import ChartText, DayChart, render_day_chart


@dataclass(frozen=True, slots=True)
class Chart:
    """A drawn chart and the words to send with it."""

    png: bytes
    caption: str
    name: str  # the file name Telegram shows


def month_name(i18n: I18nContext, month: date) -> str:
    return i18n.get("usage-month", month=month.month, year=str(month.year))


def chart_text(i18n: I18nContext, title: str, y_label: str) -> ChartText:
    return ChartText(title=title, y_label=y_label, day_format=i18n.get("usage-day-format"))


async def draw(chart: DayChart, text: ChartText, name: str) -> Chart | None:
    """The chart drawn off the event loop; None when it has no data to show."""
    png = await render_day_chart(chart, text)
    return None if png is None else Chart(png, text.title, name)


async def activity_charts(i18n: I18nContext, activity: Activity, days: int) -> list[Chart]:
    """The admin's charts that have data, in a fixed order."""
    names = {
        key: i18n.get(f"usage-admin-series-{key}")
        for key in ("done", "failed", "minutes", "paid", "refunded")
    }

    def text(key: str) -> ChartText:
        return chart_text(
            i18n,
            i18n.get(f"usage-admin-chart-{key}", days=days),
            i18n.get(f"usage-admin-chart-{key}-y"),
        )

    planned = [
        (activity.shorts, "shorts"),
        (activity.render_minutes, "render"),
        (activity.spend, "spend"),
        (activity.revenue, "revenue"),
    ]
    drawn = [await draw(chart.renamed(names), text(key), f"{key}.png") for chart, key in planned]
    return [chart for chart in drawn if chart is not None]


async def send_charts(message: Message, charts: list[Chart]) -> None:
    """One photo, or an album of several (Telegram takes 2 to 10 in one)."""
    if len(charts) == 1:
        (chart,) = charts
        await message.answer_photo(BufferedInputFile(chart.png, chart.name), caption=chart.caption)
        return
    if charts:
        await message.answer_media_group(
            [
                InputMediaPhoto(media=BufferedInputFile(c.png, c.name), caption=c.caption)
                for c in charts
            ]
        )
