"""GET /api/analytics/{overview,video/{id},platform/{platform}}: the counts of what was
made and published (two Shorts published and scheduled through the API, one failed),
the published links, `metrics` null with a note, and nothing of another user's."""

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from publish_support import PublishingApi, publishing_api
from rest_support import assert_problem

from core.enums import ProjectStatus
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
    assert overview["metrics"] is None
    assert "later version" in overview["note"]

    video = await api.client.get(f"/api/analytics/video/{published}", headers=api.headers)
    body = video.json()
    assert body["status"] == "done"
    assert body["publications"] == {"youtube": {"published": 1}, "telegram": {"published": 1}}
    assert {link["url"] for link in body["published"]} == urls
    assert body["metrics"] is None

    x = (await api.client.get("/api/analytics/platform/x", headers=api.headers)).json()
    assert x["publications"] == {"queued": 1}
    assert x["published"] == []
    youtube = await api.client.get("/api/analytics/platform/youtube", headers=api.headers)
    (link,) = youtube.json()["published"]
    assert link["project_id"] == published
    assert link["url"] in urls


async def test_analytics_show_nothing_of_another_users(api: PublishingApi) -> None:
    short = await api.world.add_short()
    await api.publish(short, platforms=["telegram"], ai_generated=True)
    await api.queue.join()
    stranger = await api.key_for((await api.user()).id)

    overview = (await api.client.get("/api/analytics/overview", headers=stranger)).json()
    assert overview["shorts"] == NO_SHORTS
    assert overview["publications"] == {}
    assert overview["published"] == []
    video = await api.client.get(f"/api/analytics/video/{short}", headers=stranger)
    assert_problem(video, 404, "error-not-found")
    telegram = await api.client.get("/api/analytics/platform/telegram", headers=stranger)
    assert telegram.json()["publications"] == {}
    unknown = await api.client.get("/api/analytics/platform/myspace", headers=stranger)
    assert_problem(unknown, 422, "error-invalid-request")
    huge = await api.client.get(f"/api/analytics/video/{10**12}", headers=stranger)
    assert_problem(huge, 422, "error-invalid-request")
