"""GET /api/analytics/{overview,video/{id},platform/{platform}}: the counts of what was
made and published (two Shorts published and scheduled through the API, one failed),
the published links, the numbers the platforms gave (null, not 0, where none: Telegram's
views) with each platform's caveat, and nothing of another user's."""

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from publish_support import PublishingApi, publishing_api
from rest_support import assert_problem
from sqlalchemy import select

from core.enums import Platform, ProjectStatus
from db.models.metric_snapshot import MetricSnapshot
from db.models.publication import Publication
from db.queries import projects

NO_SHORTS = dict.fromkeys((s.value for s in ProjectStatus), 0)


@pytest.fixture
async def api(tmp_path: Path, pg_url: str) -> AsyncIterator[PublishingApi]:
    async with publishing_api(tmp_path, pg_url) as harness:
        yield harness


async def _failed_short(api: PublishingApi) -> None:
    async with api.sessionmaker() as session:
        project = await projects.create_project(
            session, api.world.user_id, topic="Broken", language="en", target_duration=4,
            style="vivid", tone="calm",
        )  # fmt: skip
        projects.set_project_state(project, ProjectStatus.FAILED, stage=None, progress=0.0)
        await session.commit()


async def _snapshots(api: PublishingApi, project_id: int) -> None:
    """Two readings of each of the Short's publications, an hour and a day old: YouTube
    gives views and likes, the Telegram channel only reactions (no views)."""
    now = api.clock()
    async with api.sessionmaker() as session:
        found = await session.scalars(
            select(Publication).where(Publication.project_id == project_id)
        )
        for publication in found:
            youtube = publication.platform is Platform.YOUTUBE
            for ago, views, likes in ((timedelta(days=1), 100, 10), (timedelta(hours=1), 400, 30)):
                session.add(
                    MetricSnapshot(
                        publication_id=publication.id, user_id=publication.user_id,
                        project_id=project_id, platform=publication.platform,
                        taken_at=now - ago, views=views if youtube else None,
                        likes=likes if youtube else 4,
                    )
                )  # fmt: skip
        await session.commit()


async def _assert_numbers(api: PublishingApi, published: int, urls: set[str]) -> None:
    """Once the platforms gave numbers: the totals, the best Short, defaults said to be."""
    await _snapshots(api, published)
    answer = await api.client.get("/api/analytics/overview", headers=api.headers)
    metrics = answer.json()["metrics"]
    assert metrics["all_time"]["views"] == 400
    assert metrics["all_time"]["likes"] == 34  # 30 on YouTube, 4 reactions in the channel
    assert metrics["all_time"]["comments"] is None  # given by no platform: not 0
    assert metrics["last_7_days"]["views"] == 400
    assert metrics["best"]["project_id"] == published
    assert metrics["best"]["url"] in urls
    style = next(r for r in metrics["recommendations"] if r["dimension"] == "style")
    assert style["is_default"] is True
    assert style["evidence"] is None


async def test_analytics_count_what_was_made_and_published(api: PublishingApi) -> None:
    published = await api.world.add_short()
    scheduled = await api.world.add_short("Squid ink")
    await _failed_short(api)
    now = await api.publish(published, platforms=["youtube", "telegram"], ai_generated=True)
    later = (api.clock() + timedelta(days=2)).isoformat()
    assert (await api.publish(scheduled, platforms=["x"], schedule_time=later)).is_success
    await api.queue.join()
    urls = set()
    for item in now.json()["publications"]:
        status = await api.client.get(item["status_url"], headers=api.headers)
        urls.add(status.json()["url"])

    overview = (await api.client.get("/api/analytics/overview", headers=api.headers)).json()
    assert overview["shorts"] == NO_SHORTS | {"done": 2, "failed": 1}
    assert overview["publications"] == {
        "youtube": {"published": 1}, "telegram": {"published": 1}, "x": {"queued": 1},
    }  # fmt: skip
    assert {link["url"] for link in overview["published"]} == urls
    assert len(urls) == 2
    metrics = overview["metrics"]
    assert metrics["published_posts"] == 2
    assert metrics["all_time"] == {
        "views": None, "likes": None, "comments": None, "shares": None, "saves": None,
        "engagement_rate": None,
    }  # fmt: skip
    assert metrics["best"] is None
    assert {note["platform"] for note in metrics["notes"]} == {"youtube", "telegram"}
    await _assert_numbers(api, published, urls)

    video = await api.client.get(f"/api/analytics/video/{published}", headers=api.headers)
    body = video.json()
    assert body["status"] == "done"
    assert body["publications"] == {"youtube": {"published": 1}, "telegram": {"published": 1}}
    assert {link["url"] for link in body["published"]} == urls
    numbers = body["metrics"]
    assert numbers["total"]["views"] == 400
    posts = {post["platform"]: post for post in numbers["posts"]}
    assert posts["youtube"]["latest"]["views"] == 400
    assert [p["views"] for p in posts["youtube"]["views_over_time"]] == [100, 400]
    assert posts["telegram"]["latest"]["views"] is None
    assert posts["telegram"]["latest"]["likes"] == 4
    assert posts["telegram"]["views_over_time"] == []

    x = (await api.client.get("/api/analytics/platform/x", headers=api.headers)).json()
    assert x["publications"] == {"queued": 1}
    assert x["published"] == []
    youtube = await api.client.get("/api/analytics/platform/youtube", headers=api.headers)
    (link,) = youtube.json()["published"]
    assert link["project_id"] == published
    assert link["url"] in urls
    on_youtube = youtube.json()["metrics"]
    assert on_youtube["total"]["views"] == 400
    assert [post["url"] for post in on_youtube["posts"]] == [link["url"]]
    assert "48-72 h" in on_youtube["notes"][0]["note"]
    assert x["metrics"] == {"total": x["metrics"]["total"], "posts": [], "notes": []}
    assert x["metrics"]["total"]["views"] is None


async def test_analytics_show_nothing_of_another_users(api: PublishingApi) -> None:
    short = await api.world.add_short()
    await api.publish(short, platforms=["telegram"], ai_generated=True)
    await api.queue.join()
    stranger = await api.key_for((await api.user()).id)

    overview = (await api.client.get("/api/analytics/overview", headers=stranger)).json()
    assert overview["shorts"] == NO_SHORTS
    assert overview["publications"] == {}
    assert overview["published"] == []
    assert overview["metrics"]["published_posts"] == 0
    assert overview["metrics"]["all_time"]["views"] is None
    video = await api.client.get(f"/api/analytics/video/{short}", headers=stranger)
    assert_problem(video, 404, "error-not-found")
    telegram = await api.client.get("/api/analytics/platform/telegram", headers=stranger)
    assert telegram.json()["publications"] == {}
    assert telegram.json()["metrics"]["posts"] == []
    unknown = await api.client.get("/api/analytics/platform/myspace", headers=stranger)
    assert_problem(unknown, 422, "error-invalid-request")
    huge = await api.client.get(f"/api/analytics/video/{10**12}", headers=stranger)
    assert_problem(huge, 422, "error-invalid-request")
