"""/api/video refusals that need no render: bad bodies, IDs that are not the caller's, the
month's quota, Free users; and the project list, scoped and paged, on drafts."""

from typing import Any

import pytest
from rest_support import ApiHarness, assert_problem
from video_support import (
    SHORT,
    character_of,
    drafts,
    fail,
    project_count,
    use_up_month,
    wait_until,
)

from core.plans import PlanCode
from services.api_keys import ApiNotInPlan, create_api_key


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"topic": "x" * 10_000}, "error-topic-too-long"),
        ({"topic": "   "}, "error-topic-empty"),
        ({"duration": 5000}, "error-duration-out-of-range"),
        ({"topic": 123}, "error-invalid-request"),
        ({"duration": "long"}, "error-invalid-request"),
        ({"duration": -3}, "error-invalid-request"),
        ({"voice_id": "mine"}, "error-invalid-request"),
        ({"voice_id": 2**40}, "error-invalid-request"),
        ({"music": "jazz"}, "error-invalid-request"),
        ({"colour": "red"}, "error-invalid-request"),
        ({"topic": None}, "error-invalid-request"),
    ],
)
async def test_bad_bodies_are_422_and_create_nothing(
    rest: ApiHarness, changes: dict[str, Any], key: str
) -> None:
    user = await rest.user()
    headers = await rest.key_for(user)
    body = {**SHORT, **changes}
    response = await rest.client.post("/api/video/create-short", json=body, headers=headers)
    assert_problem(response, 422, key)
    assert await project_count(rest, user.id) == 0


async def test_malformed_json_and_a_missing_topic_are_422(rest: ApiHarness) -> None:
    headers = {**await rest.pro(), "Content-Type": "application/json"}
    for raw in (b'{"topic": "Octopuses"', b"[1, 2]", b""):
        response = await rest.client.post("/api/video/create-short", content=raw, headers=headers)
        assert_problem(response, 422, "error-invalid-request")
    response = await rest.client.post("/api/video/create-short", json={}, headers=headers)
    body = assert_problem(response, 422, "error-invalid-request")
    assert body["errors"][0]["loc"] == ["body", "topic"]


async def test_a_voice_or_character_not_the_callers_is_404(rest: ApiHarness) -> None:
    user, other = await rest.user(), await rest.user()
    headers = await rest.key_for(user)
    theirs = await character_of(rest, other.id)
    for changes in ({"voice_id": 999_999}, {"character_id": theirs}):
        response = await rest.client.post(
            "/api/video/create-short", json={**SHORT, **changes}, headers=headers
        )
        assert_problem(response, 404, "error-not-found")
    assert await project_count(rest, user.id) == 0


async def test_a_pro_user_at_the_quota_gets_403_and_nothing_is_made(rest: ApiHarness) -> None:
    user = await rest.user(PlanCode.PRO)
    headers = await rest.key_for(user)
    await use_up_month(rest, user.id, 200)
    response = await rest.client.post("/api/video/create-short", json=SHORT, headers=headers)
    body = assert_problem(response, 403, "error-shorts-quota")
    assert "200" in body["detail"]
    assert await project_count(rest, user.id) == 200
    me = (await rest.client.get("/api/me", headers=headers)).json()
    assert me["usage"]["shorts_this_month"] == 200


async def test_a_free_user_cannot_have_a_key(rest: ApiHarness) -> None:
    user = await rest.user(PlanCode.FREE)
    async with rest.sessionmaker() as session:
        with pytest.raises(ApiNotInPlan):
            await create_api_key(session, user.id, now=rest.clock())


async def test_projects_are_listed_newest_first_page_by_page_and_only_the_callers(
    rest: ApiHarness,
) -> None:
    user, other = await rest.user(), await rest.user()
    headers, stranger = await rest.key_for(user), await rest.key_for(other)
    made = await drafts(rest, user.id, 5)
    seen: list[int] = []
    offset: int | None = 0
    while offset is not None:
        response = await rest.client.get(
            "/api/video/projects", params={"limit": 2, "offset": offset}, headers=headers
        )
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= 2
        assert {item["status"] for item in page["items"]} == {"draft"}
        seen += [item["project_id"] for item in page["items"]]
        offset = page["next_offset"]
    assert seen == made[::-1]
    assert (await rest.client.get("/api/video/projects", headers=stranger)).json()["items"] == []
    for path in (f"/api/video/project/{made[0]}", f"/api/video/project/{made[0]}/status"):
        assert_problem(await rest.client.get(path, headers=stranger), 404, "error-not-found")
    status = await rest.client.get(f"/api/video/project/{made[0]}/status", headers=headers)
    assert status.json() == {
        "project_id": made[0], "status": "draft", "stage": None, "progress": 0.0,
        "estimated_time": None, "error_key": None,
    }  # fmt: skip
    draft = (await rest.client.get(f"/api/video/project/{made[0]}", headers=headers)).json()
    assert draft["script"] is None
    assert draft["files"]["video"] is None


@pytest.mark.parametrize(
    "path",
    [
        "/api/video/project/0",
        "/api/video/project/abc/status",
        f"/api/video/project/{2**40}",
        "/api/video/batch/-1/status",
    ],
)
async def test_ids_that_cannot_be_ours_are_422(rest: ApiHarness, path: str) -> None:
    assert_problem(
        await rest.client.get(path, headers=await rest.pro()), 422, "error-invalid-request"
    )


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "a"}])
async def test_bad_pages_are_422(rest: ApiHarness, params: dict[str, Any]) -> None:
    response = await rest.client.get(
        "/api/video/projects", params=params, headers=await rest.pro()
    )
    assert_problem(response, 422, "error-invalid-request")


@pytest.mark.timeout(300)
async def test_a_failed_short_is_made_again_by_retry(rest: ApiHarness) -> None:
    user = await rest.user()
    headers = await rest.key_for(user)
    (project_id,) = await drafts(rest, user.id, 1)
    await fail(rest, project_id)
    status_url = f"/api/video/project/{project_id}/status"
    failed = (await rest.client.get(status_url, headers=headers)).json()
    assert (failed["status"], failed["error_key"]) == ("failed", "error-render-failed")
    response = await rest.client.post(f"/api/video/project/{project_id}/retry", headers=headers)
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "queued"
    assert (await wait_until(rest.client, headers, status_url))["status"] == "done"
