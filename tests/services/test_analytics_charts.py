"""The analytics charts are real PNGs: decoded, sized, not blank, in the reader's language;
a chart is drawn only when it has data."""

import io
from datetime import timedelta

from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform
from db.queries import metric_reads
from services.analytics import report_charts, short_chart, short_numbers
from services.analytics_charts import daily_views, word
from services.usage_charts import days_from
from tests.services.analytics_world import NOW, days_ago, winners, world_of

MIN_COLOURS = 8  # a blank or one-colour picture has 1-2


def picture(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None
    assert len(colours) > MIN_COLOURS
    return image


async def test_report_charts_are_real_pictures_in_the_language(session: AsyncSession) -> None:
    world = await winners(session)

    english = await report_charts(session, world.user.id, now=NOW, language="en")
    russian = await report_charts(session, world.user.id, now=NOW, language="ru")

    names = ["views", "best", "by_style", "by_length", "by_hour"]
    assert [c.name for c in english] == [c.name for c in russian] == names
    for chart in english + russian:
        assert picture(chart.png).size == (1200, 800)
    assert all(e.png != r.png for e, r in zip(english, russian, strict=True))
    assert word("by-style", "ru") == "Вовлечённость по стилю"
    assert "\u2068" not in word("by-hour-x", "ru", zone="Europe/Moscow")


async def test_no_numbers_no_charts(session: AsyncSession) -> None:
    world = await world_of(session, "Empty")
    silent = await world.post(await world.short("Channel post"), Platform.TELEGRAM, days_ago(2))
    await world.snap(silent, days_ago(1), None)

    assert await report_charts(session, world.user.id, now=NOW, language="en") == []
    card = await short_numbers(session, world.user.id, silent.project_id)
    assert await short_chart(card, language="en") is None


async def test_a_shorts_card_chart(session: AsyncSession) -> None:
    world = await world_of(session, "Card")
    project = await world.short("Two lines")
    for platform, step in ((Platform.YOUTUBE, 100), (Platform.TIKTOK, 40)):
        post = await world.post(project, platform, days_ago(6))
        for day in range(5):
            await world.snap(post, days_ago(5 - day), step * (day + 1), likes=day)

    card = await short_numbers(session, world.user.id, project.id)
    png = await short_chart(card, language="ru")

    assert png is not None
    assert picture(png).size == (800, 500)


async def test_daily_views_count_gains_and_never_losses(session: AsyncSession) -> None:
    world = await world_of(session, "Days")
    post = await world.post(await world.short("Up and down"), Platform.X, days_ago(10))
    await world.snap(post, days_ago(8), 50)  # before the window: the base
    for ago, views in ((2, 80), (1, 70), (0, 100)):  # 70: a correction
        await world.snap(post, days_ago(ago), views)
    days = days_from((NOW - timedelta(days=2)).date(), NOW.date())
    since = days_ago(2).replace(hour=0)

    start = await metric_reads.latest_snapshots(session, world.user.id, until=days_ago(3))
    rows = await metric_reads.views_by_day(session, world.user.id, since=since, until=NOW)

    assert daily_views(rows, start, days) == {Platform.X: [30.0, 0.0, 30.0]}
