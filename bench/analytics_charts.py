"""The /analytics run of bench/analytics.py: one creator with 500 published Shorts (on YouTube
and TikTok, eight snapshots each over 30 days, styles, tones, lengths and posting hours varied)
and the time to build what /analytics sends: the report (its queries) and every chart (their
queries and matplotlib's drawing). Target: charts under 1 s.

Keys of the `charts` run: shorts, snapshots, report_s, charts_s (the first drawing, cold
caches), charts_warm_s (the same again), charts (their names and PNG sizes in KB).
"""

import time
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select

from bench.analytics_world import AnalyticsWorld
from core.enums import AccountStatus, MetricsState, Platform, ProjectStatus, PublicationState
from db.models import MetricSnapshot, Project, SocialAccount, User
from db.models.publication import Publication
from pipeline.art.styles import STYLE_NAMES
from services.analytics import analytics_report, report_charts

SHORTS = 500
PLATFORMS = (Platform.YOUTUBE, Platform.TIKTOK)
SNAPSHOTS = 8  # per publication, spread over its life
TONES = ("calm", "friendly", "energetic", "serious")
LENGTHS = (15.0, 30.0, 45.0, 60.0)


async def _seed(world: AnalyticsWorld) -> tuple[int, int]:
    """The creator's rows; returns (user ID, snapshots written)."""
    async with world.sessionmaker() as session:
        user = User(telegram_id=990_001, name="Prolific", language="ru", timezone="Europe/Moscow")
        session.add(user)
        await session.flush()
        session.add_all(
            SocialAccount(
                user_id=user.id,
                platform=p,
                external_id=f"bench-{p.value}",
                name=p.value,
                status=AccountStatus.ACTIVE,
            )
            for p in PLATFORMS
        )
        await session.execute(insert(Project), [
            {"user_id": user.id, "topic": f"Idea {n} about habits", "language": "ru",
             "target_duration": LENGTHS[n % 4], "style": STYLE_NAMES[n % len(STYLE_NAMES)],
             "tone": TONES[n % 3], "status": ProjectStatus.DONE}
            for n in range(SHORTS)
        ])  # fmt: skip
        mine = select(SocialAccount.platform, SocialAccount.id).where(
            SocialAccount.user_id == user.id
        )
        accounts = dict((await session.execute(mine)).tuples().all())
        project_ids = list(
            await session.scalars(select(Project.id).where(Project.user_id == user.id))
        )
        await session.execute(insert(Publication), [
            {"user_id": user.id, "project_id": project_id, "platform": platform,
             "account_id": accounts[platform], "state": PublicationState.PUBLISHED,
             "published_at": world.now - timedelta(hours=n * 1.4 + 1),
             "post_id": f"b{n}{platform}",
             "metrics_state": MetricsState.COLLECTING}
            for n, project_id in enumerate(project_ids) for platform in PLATFORMS
        ])  # fmt: skip
        published = (await session.execute(
            select(Publication.id, Publication.project_id, Publication.platform,
                   Publication.published_at).where(Publication.user_id == user.id)
        )).tuples().all()  # fmt: skip
        snapshots = []
        for publication_id, project_id, platform, at in published:
            assert at is not None  # noqa: S101 - seeded above
            age = world.now - at
            for k in range(1, SNAPSHOTS + 1):
                views = 40 * k * (1 + project_id % 7)
                snapshots.append({
                    "publication_id": publication_id, "user_id": user.id,
                    "project_id": project_id, "platform": platform,
                    "taken_at": at + age * k / SNAPSHOTS, "views": views,
                    "likes": views // 12, "comments": views // 90, "shares": views // 60,
                    "extra": {},
                })  # fmt: skip
        await session.execute(insert(MetricSnapshot), snapshots)
        await session.commit()
    return user.id, len(snapshots)


async def charts(world: AnalyticsWorld) -> dict[str, Any]:
    user_id, written = await _seed(world)
    async with world.sessionmaker() as session:
        started = time.perf_counter()
        await analytics_report(session, user_id, now=world.now)
        report_s = time.perf_counter() - started
        started = time.perf_counter()
        drawn = await report_charts(session, user_id, now=world.now, language="ru")
        cold_s = time.perf_counter() - started
        started = time.perf_counter()
        await report_charts(session, user_id, now=world.now, language="ru")
        warm_s = time.perf_counter() - started
    return {
        "shorts": SHORTS, "snapshots": written, "report_s": round(report_s, 3),
        "charts_s": round(cold_s, 3), "charts_warm_s": round(warm_s, 3),
        "charts": {chart.name: round(len(chart.png) / 1024, 1) for chart in drawn},
    }  # fmt: skip
