"""Day charts: real PNGs of a fixed size whose pixels follow the data, the same bytes for
the same data, no bytes for no data; and /usage's report from real ledger rows."""

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from PIL import Image, ImageChops, ImageStat
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import UsageUnit
from db.queries import projects, usage, users
from services.usage_charts import (
    ChartText,
    DayChart,
    days_from,
    draw_day_chart,
    render_day_chart,
)
from services.usage_report import get_usage_report

DAYS = days_from(date(2026, 11, 7), date(2026, 12, 6))
TEXT = ChartText("Расходы по дням, декабрь 2026", "доллары США", "%d.%m")


def _chart(scale: float) -> DayChart:
    return DayChart(
        DAYS,
        {
            "fal": [scale * (i % 5) for i in range(len(DAYS))],
            "openai": [scale * 0.3 * (i % 3) for i in range(len(DAYS))],
        },
    )


def _image(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


async def test_a_chart_is_a_png_that_follows_its_data() -> None:
    first = await render_day_chart(_chart(1.0), TEXT)
    second = await render_day_chart(_chart(-1.0), TEXT)  # refunds: bars below zero
    assert first is not None
    assert second is not None
    image = _image(first)
    assert image.format == "PNG"
    assert image.size == (1200, 800)
    grey = image.convert("L")
    assert ImageStat.Stat(grey).extrema[0][0] < 100  # bars, text: not a blank canvas
    assert len(grey.getcolors(maxcolors=1 << 16) or []) > 10
    difference = ImageChops.difference(image.convert("RGB"), _image(second).convert("RGB"))
    assert difference.getbbox() is not None
    assert draw_day_chart(_chart(1.0), TEXT) == first  # deterministic, no timestamp
    assert b"Software" not in first
    assert b"matplotlib" not in first


def test_no_data_draws_nothing() -> None:
    assert draw_day_chart(DayChart(DAYS, {}), TEXT) is None
    assert draw_day_chart(DayChart(DAYS, {"fal": [0.0] * len(DAYS)}), TEXT) is None
    assert draw_day_chart(DayChart((), {"fal": []}), TEXT) is None


def test_renamed_keeps_values_and_colours() -> None:
    chart = DayChart(DAYS[:2], {"done": [1, 2], "failed": [0, 1]}, {"done": "#00ff00"})
    named = chart.renamed({"done": "готово", "failed": "сбой"})
    assert named.series == {"готово": [1, 2], "сбой": [0, 1]}
    assert named.colors == {"готово": "#00ff00"}
    png = draw_day_chart(named, TEXT)
    assert png is not None
    # The bars are drawn in the given green.
    assert (0, 255, 0) in {rgb for _, rgb in _image(png).convert("RGB").getcolors(1 << 16) or []}


async def test_usage_report_of_this_month(session: AsyncSession) -> None:
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    ann = await users.get_or_create_user(session, 1, "Ann")
    bob = await users.get_or_create_user(session, 2, "Bob")
    octopus = await projects.create_project(
        session, ann.id, topic="Octopus", language="en", target_duration=20, style="s", tone="t"
    )
    rows = [
        (ann.id, now - timedelta(days=1), "fal", "0.40"),
        (ann.id, now, "elevenlabs", "0.10"),
        (ann.id, now - timedelta(days=6), "fal", "5.00"),  # November 30th
        (bob.id, now, "fal", "3.00"),
    ]
    for user_id, at, provider, cost in rows:
        entry = await usage.add_usage(
            session,
            user_id,
            provider=provider,
            unit=UsageUnit.IMAGES,
            quantity=1,
            cost_usd=Decimal(cost),
            project_id=octopus.id if user_id == ann.id else None,
        )
        entry.created_at = at
    await session.flush()

    report = await get_usage_report(session, ann.id, now=now)
    assert report.month == date(2026, 12, 1)
    assert report.total_usd == Decimal("0.50")
    assert report.by_provider == {"fal": Decimal("0.40"), "elevenlabs": Decimal("0.10")}
    assert [(s.topic, s.cost_usd) for s in report.top_shorts] == [("Octopus", Decimal("0.50"))]
    assert report.chart.days == days_from(date(2026, 12, 1), date(2026, 12, 6))
    assert report.chart.series == {
        "elevenlabs": [0, 0, 0, 0, 0, 0.10],
        "fal": [0, 0, 0, 0, 0.40, 0],
    }
    assert draw_day_chart(report.chart, TEXT) is not None
    empty = await get_usage_report(session, bob.id, now=now - timedelta(days=30))
    assert empty.total_usd == 0
    assert empty.chart.is_empty
