"""Batches over the REST API: three topics made on the in-process queue until the batch is
done; refusals (empty, over the plan's size, one bad topic) create nothing; another user's
batch is a 404."""

from typing import Any

import pytest
from rest_support import ApiHarness, assert_problem
from video_support import drafts, project_count, wait_until

from core.enums import ProjectStatus
from core.plans import PlanCode
from db.models import Project
from services.batch_estimate import measured_speed

TOPICS = ["Why the sky is blue", "How bees dance", "Where rivers begin"]
SETTINGS = {"language": "en", "duration": 10}


@pytest.mark.timeout(300)
async def test_a_batch_of_three_is_made_and_reported(rest: ApiHarness) -> None:
    user = await rest.user()
    headers, stranger = await rest.key_for(user), await rest.pro()
    body = {"topics": TOPICS, "settings": SETTINGS}
    response = await rest.client.post("/api/video/batch-create", json=body, headers=headers)
    assert response.status_code == 202, response.text
    started = response.json()
    assert started["total"] == 3
    assert response.headers["Location"] == started["status_url"]
    assert started["status_url"].endswith(f"/api/video/batch/{started['batch_job_id']}/status")

    assert_problem(
        await rest.client.get(started["status_url"], headers=stranger), 404, "error-not-found"
    )
    status = await wait_until(rest.client, headers, started["status_url"])
    assert status["status"] == "done", status
    assert (status["total"], status["done"], status["failed"]) == (3, 3, 0)
    assert status["estimated_time"] is None
    assert [item["topic"] for item in status["items"]] == TOPICS
    assert {item["status"] for item in status["items"]} == {"done"}
    listed = (await rest.client.get("/api/video/projects", headers=headers)).json()
    assert {item["project_id"] for item in listed["items"]} == {
        item["project_id"] for item in status["items"]
    }
    assert {item["batch_job_id"] for item in listed["items"]} == {started["batch_job_id"]}
    await _estimates_from_the_measured_speed(rest, user.id, headers)


async def _estimates_from_the_measured_speed(
    rest: ApiHarness, user_id: int, headers: dict[str, str]
) -> None:
    """Three Shorts were timed here: a queued one's estimate is that speed times its length."""
    (project_id,) = await drafts(rest, user_id, 1)
    async with rest.sessionmaker() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        project.status, project.progress = ProjectStatus.RUNNING, 0.5
        await session.commit()
        speed = await measured_speed(session)
    assert speed is not None
    status = await rest.client.get(f"/api/video/project/{project_id}/status", headers=headers)
    assert status.json()["status"] == "running"
    assert status.json()["estimated_time"] == round(speed * project.target_duration * 0.5, 1)
    assert status.json()["estimated_time"] > 0


@pytest.mark.parametrize(
    ("body", "status", "key"),
    [
        ({"topics": []}, 422, "error-batch-empty"),
        ({"topics": ["fine topic", "y" * 10_000]}, 422, "error-topic-too-long"),
        ({"topics": [f"Topic number {n}" for n in range(101)]}, 403, "error-batch-too-large"),
        ({"topics": "one topic"}, 422, "error-invalid-request"),
        ({"topics": ["a"], "settings": {"duration": "long"}}, 422, "error-invalid-request"),
        ({"topics": ["a"], "settings": {"voice_id": 999_999}}, 404, "error-not-found"),
    ],
)
async def test_a_refused_batch_creates_nothing(
    rest: ApiHarness, body: dict[str, Any], status: int, key: str
) -> None:
    user = await rest.user(PlanCode.PRO)
    headers = await rest.key_for(user)
    response = await rest.client.post("/api/video/batch-create", json=body, headers=headers)
    assert_problem(response, status, key)
    assert await project_count(rest, user.id) == 0
    assert_problem(
        await rest.client.get("/api/video/batch/1/status", headers=headers), 404, "error-not-found"
    )
