"""The charts of /analytics and of a Short's card, in the reader's language: views gained per
day per platform, the best Shorts, and the engagement rate by style, length and posting hour.
Only charts with data are drawn; all of them in one worker thread, off the event loop."""

import asyncio
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from statistics import fmean
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform
from core.i18n import render
from core.platform_names import platform_name
from db.models.metric_snapshot import MetricSnapshot
from db.queries import metric_reads
from db.queries.metric_reads import DayViews
from services.analytics_drawing import CROWDED_BARS, Bars, Lines, Words, draw_bars, draw_lines
from services.analytics_models import Chart, ShortNumbers
from services.analytics_numbers import LENGTH_BUCKETS, ShortStats
from services.analytics_report import user_stats
from services.usage_charts import ChartText, DayChart, days_from, draw_day_chart

VIEWS_DAYS = 30
VIEWS_MARGINS = {"left": 0.08, "right": 0.98, "top": 0.86, "bottom": 0.07}  # legend on top
BEST_SHORTS = 10
TOPIC_CHARS = 38
ISOLATION = str.maketrans("", "", "\u2068\u2069")  # Fluent's marks around placeables

Plan = tuple[
    Literal["views", "best", "by_style", "by_length", "by_hour"], Callable[[], bytes | None]
]


def word(key: str, language: str, **params: Any) -> str:
    """A chart's word from the catalogues, without the bidi marks matplotlib would draw."""
    return render(f"analytics-chart-{key}", language, **params).translate(ISOLATION)


def daily_views(
    rows: Iterable[DayViews], start: dict[int, MetricSnapshot], days: tuple[date, ...]
) -> dict[Platform, list[float]]:
    """Views gained per day per platform: each day's last count minus the one before (the
    count before the window for the first), never below 0 (a correction is not a loss)."""
    index = {day: i for i, day in enumerate(days)}
    previous = {pid: s.views or 0 for pid, s in start.items() if s.views is not None}
    gained: dict[Platform, list[float]] = {}
    for row in rows:
        if row.day not in index:
            continue
        gain = max(0, row.views - previous.get(row.publication_id, 0))
        previous[row.publication_id] = row.views
        gained.setdefault(row.platform, [0.0] * len(days))[index[row.day]] += gain
    return {p: gained[p] for p in Platform if p in gained}


def _rate_bars(
    shorts: Iterable[ShortStats], key: Callable[[ShortStats], str | None],
    order: Callable[[str, float], Any], language: str,
) -> Bars:  # fmt: skip
    groups: dict[str, list[float]] = {}
    for short in shorts:
        value, rate = key(short), short.numbers.engagement_rate
        if value is not None and rate is not None:
            groups.setdefault(value, []).append(rate)
    means = sorted(((v, fmean(r), len(r)) for v, r in groups.items()), key=lambda g: order(*g[:2]))
    return Bars(
        labels=tuple(v for v, _, _ in means),
        values=tuple(m for _, m, _ in means),
        # "n = 12" over a few bars; the bare count over 24 hours, where that would not fit.
        notes=tuple(
            word("count", language, count=n) if len(means) <= CROWDED_BARS else str(n)
            for _, _, n in means
        ),
        percent=True,
    )


def _best_bars(shorts: Iterable[ShortStats]) -> Bars:
    counted = sorted(
        (s for s in shorts if s.numbers.views), key=lambda s: s.numbers.views or 0, reverse=True
    )[:BEST_SHORTS]
    labels = [
        s.topic if len(s.topic) <= TOPIC_CHARS else f"{s.topic[:TOPIC_CHARS]}…" for s in counted
    ]
    views = [s.numbers.views or 0 for s in counted]
    return Bars(
        tuple(labels),
        tuple(float(v) for v in views),
        tuple(f"{v:,}" for v in views),
        horizontal=True,
    )


def _plans(
    shorts: list[ShortStats], views: dict[Platform, list[float]], days: tuple[date, ...],
    language: str, zone: str | None,
) -> list[Plan]:  # fmt: skip
    rate_y = word("rate-y", language)
    buckets = [name for name, _ in LENGTH_BUCKETS]
    day_chart = DayChart(days, {platform_name(p): v for p, v in views.items()})
    day_text = ChartText(
        word("views", language), word("views-y", language), word("day-format", language)
    )
    by_style = _rate_bars(shorts, lambda s: s.style, lambda v, m: (-m, v), language)
    by_length = _rate_bars(shorts, lambda s: s.length, lambda v, m: buckets.index(v), language)
    by_hour = _rate_bars(
        shorts, lambda s: None if s.hour is None else f"{s.hour:02d}", lambda v, m: v, language
    )
    best_words = Words(word("best", language), "", word("best-y", language))
    style_words = Words(word("by-style", language), rate_y)
    length_words = Words(word("by-length", language), rate_y, word("by-length-x", language))
    hour_x = word("by-hour-x", language, zone=zone or "UTC")
    hour_words = Words(word("by-hour", language), rate_y, hour_x)
    return [
        ("views", lambda: draw_day_chart(day_chart, day_text, VIEWS_MARGINS)),
        ("best", lambda: draw_bars(_best_bars(shorts), best_words)),
        ("by_style", lambda: draw_bars(by_style, style_words)),
        ("by_length", lambda: draw_bars(by_length, length_words)),
        ("by_hour", lambda: draw_bars(by_hour, hour_words)),
    ]


def _draw_all(plans: list[Plan]) -> list[Chart]:
    drawn = [(name, draw()) for name, draw in plans]
    return [Chart(name, png) for name, png in drawn if png is not None]


async def report_charts(
    session: AsyncSession, user_id: int, *, now: datetime, language: str
) -> list[Chart]:
    """The user's charts that have data, in a fixed order (PNG bytes)."""
    stats = await user_stats(session, user_id, now=now)
    zone = await metric_reads.user_zone(session, user_id)
    today = now.astimezone(UTC).date()
    days = days_from(today - timedelta(days=VIEWS_DAYS - 1), today)
    since = datetime.combine(days[0], time(), tzinfo=UTC)
    start = await metric_reads.latest_snapshots(
        session, user_id, until=since - timedelta(microseconds=1)
    )
    rows = await metric_reads.views_by_day(session, user_id, since=since, until=now)
    views = daily_views(rows, start, days)
    return await asyncio.to_thread(_draw_all, _plans(stats.shorts, views, days, language, zone))


def draw_short_chart(numbers: ShortNumbers, language: str) -> bytes | None:
    series = {
        platform_name(p.platform): [(t, float(v)) for t, v in p.series]
        for p in numbers.platforms
        if p.series
    }
    words = Words(
        word("short", language),
        word("short-y", language),
        date_format=word("day-format", language),
    )
    return draw_lines(Lines(series), words)


async def short_chart(numbers: ShortNumbers, *, language: str) -> bytes | None:
    """A Short's views over time per platform (its card); None when nothing was counted."""
    return await asyncio.to_thread(draw_short_chart, numbers, language)
