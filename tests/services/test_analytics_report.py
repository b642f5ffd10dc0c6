"""The analytics report from crafted snapshots, on PostgreSQL and SQLite: totals that keep
"no data" apart from 0, window gains with a count corrected downwards, a Short's card, the
admin's totals, another user's Short, and a user with nothing published."""

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform, PublicationState
from core.errors import NotFound
from db.models.metric_snapshot import MetricSnapshot
from services.analytics import admin_metrics, analytics_report, short_numbers
from services.analytics_models import Totals
from services.analytics_numbers import gained
from tests.services.analytics_world import NOW, World, days_ago, world_of


@pytest.fixture(params=["postgresql", "sqlite"])
def db(request: pytest.FixtureRequest) -> AsyncSession:
    name = "session" if request.param == "postgresql" else "sqlite_session"
    found: AsyncSession = request.getfixturevalue(name)
    return found


async def crafted(db: AsyncSession) -> World:
    """YouTube corrected downwards, a Telegram post with no numbers, a TikTok post at 0."""
    world = await world_of(db, "Ann")
    corrected = await world.short("Octopus hearts")
    youtube = await world.post(corrected, Platform.YOUTUBE, days_ago(40))
    await world.snap(youtube, days_ago(35), 100, likes=10)
    await world.snap(youtube, days_ago(10), 500, likes=50)
    await world.snap(youtube, days_ago(3), 480, likes=60)  # the platform removed spam views
    await world.snap(youtube, days_ago(-1), 9_999, likes=999)  # after "now": not seen yet
    channel = await world.post(await world.short("Moon facts"), Platform.TELEGRAM, days_ago(2))
    await world.snap(channel, days_ago(1), None)
    quiet = await world.post(await world.short("Quiet one"), Platform.TIKTOK, days_ago(5))
    await world.snap(quiet, days_ago(4), 0, likes=0)
    failed = await world.short("Never out")
    await world.post(failed, Platform.X, days_ago(5), state=PublicationState.FAILED)
    return world


async def test_totals_gains_and_no_data_stay_apart(db: AsyncSession) -> None:
    world = await crafted(db)

    report = await analytics_report(db, world.user.id, now=NOW)

    assert report.all_time == Totals(views=480, likes=60, engagement_rate=60 / 480)
    assert report.last_30_days == Totals(views=380, likes=50, engagement_rate=50 / 380)
    # 500 -> 480 is a correction: the gain is clamped at 0, which is still a number (not None);
    # the TikTok post's 0 views are a number too, so the rate has no views to divide by.
    assert report.last_7_days == Totals(views=0, likes=10, engagement_rate=None)
    assert (report.published_posts, report.has_data) == (3, True)
    assert report.platforms == (Platform.YOUTUBE, Platform.TELEGRAM)
    assert report.best is not None
    assert (report.best.topic, report.best.views) == ("Octopus hearts", 480)
    assert report.best.url == f"https://youtube.example/{report.best.project_id}"


async def test_a_short_card_per_platform_and_another_users_short(db: AsyncSession) -> None:
    world = await crafted(db)
    other = await world_of(db, "Bob")
    project = await world.short("Two platforms")
    youtube = await world.post(project, Platform.YOUTUBE, days_ago(3))
    await world.snap(youtube, days_ago(2), 40, likes=4, comments=1)
    await world.snap(youtube, days_ago(1), 90, likes=9, comments=None)
    await world.post(project, Platform.INSTAGRAM, days_ago(3))  # never read yet

    card = await short_numbers(db, world.user.id, project.id)

    youtube_numbers, instagram_numbers = card.platforms
    assert youtube_numbers.latest == Totals(views=90, likes=9, engagement_rate=0.1)
    assert [views for _, views in youtube_numbers.series] == [40, 90]
    assert (instagram_numbers.latest, instagram_numbers.read_at) == (Totals(), None)
    assert not instagram_numbers.latest.has_data
    assert card.total == Totals(views=90, likes=9, engagement_rate=0.1)
    with pytest.raises(NotFound):
        await short_numbers(db, other.user.id, project.id)


async def test_a_user_with_nothing_published_gets_defaults(db: AsyncSession) -> None:
    world = await world_of(db, "New")
    await world.short("Draft only", style="comic", tone="calm")
    await world_of(db, "Someone else")

    report = await analytics_report(db, world.user.id, now=NOW)

    assert not report.has_data
    assert (report.published_posts, report.best, report.platforms) == (0, None, ())
    assert report.last_7_days == Totals()
    assert all(r.is_default and r.evidence is None for r in report.recommendations)
    chosen = {r.dimension: r.value for r in report.recommendations}
    assert chosen == {"style": "comic", "tone": "calm", "length": "30-45", "hour": "19"}


async def test_admin_totals_across_users(db: AsyncSession) -> None:
    await crafted(db)
    second = await world_of(db, "Cy")
    post = await second.post(await second.short("Bees"), Platform.YOUTUBE, days_ago(1))
    await second.snap(post, days_ago(0.5), 20)

    found = await admin_metrics(db)

    # The YouTube snapshot after "now" is the latest row the admin sees (no injected clock).
    assert found.published_posts == 4
    assert found.views_by_platform == {Platform.YOUTUBE: 9_999 + 20, Platform.TIKTOK: 0}
    assert found.total_views == 9_999 + 20


def test_absurd_and_missing_counts_never_make_negative_totals() -> None:
    def snap(views: int | None, likes: int | None) -> MetricSnapshot:
        return MetricSnapshot(publication_id=1, views=views, likes=likes)

    assert gained({1: snap(-5, 3)}, {}) == Totals(views=0, likes=3, engagement_rate=None)
    assert gained({1: snap(None, 4)}, {1: snap(10, 9)}) == Totals(likes=0)
    assert gained({1: snap(7, None)}, {1: snap(None, None)}) == Totals(views=7)
