"""A Short made over the REST API on the in-process queue: created (202), polled until done,
read with its script, scenes and signed file URLs, the MP4 fetched through its URL, then
approved and given a new text; the actions refused while it is being made; every route of
it a 404 to another user."""

from typing import Any

import pytest
from rest_support import ApiHarness, assert_problem
from video_support import create_short, is_mp4, stored_project, wait_until

from core.enums import ProjectOrigin

ACTIONS = {
    "approve": None,
    "regenerate-scene": {"scene": 0},
    "edit-text": {"text": "Octopuses have three hearts. Two pump blood through the gills."},
    "change-voice": {"voice_id": None},
    "retry": None,
}


async def _busy_refusals(rest: ApiHarness, headers: dict[str, str], project_id: int) -> None:
    """While queued or running: approve has no preview yet, redos wait for the job."""
    base = f"/api/video/project/{project_id}"
    for action, body in ACTIONS.items():
        response = await rest.client.post(f"{base}/{action}", json=body, headers=headers)
        key = "error-preview-not-ready" if action == "approve" else "error-project-busy"
        assert_problem(response, 409, key)


@pytest.mark.timeout(300)
async def test_a_short_made_over_the_api_and_reviewed(rest: ApiHarness) -> None:
    headers, stranger = await rest.pro(), await rest.pro()
    made = await create_short(rest.client, headers)
    project_id = made["project_id"]
    assert made["status"] == "queued"
    assert made["status_url"].endswith(f"/api/video/project/{project_id}/status")
    assert (await stored_project(rest, project_id)).origin is ProjectOrigin.API
    await _busy_refusals(rest, headers, project_id)

    status = await wait_until(rest.client, headers, made["status_url"])
    assert status["status"] == "done", status
    assert status["progress"] == 1.0
    assert status["estimated_time"] is None

    detail = (await rest.client.get(f"/api/video/project/{project_id}", headers=headers)).json()
    assert detail["status"] == "done"
    assert detail["options"]["language"] == "en"
    assert detail["options"]["approved"] is False
    assert detail["script"]["title"]
    assert detail["scenes"]
    assert all(scene["image_url"] for scene in detail["scenes"])
    assert detail["script"]["text"] == "\n".join(scene["text"] for scene in detail["scenes"])
    files = detail["files"]
    assert files["video"].startswith(rest.links.public_url + "/media/")
    video = await rest.client.get(files["video"])
    assert video.status_code == 200
    assert is_mp4(video.content)
    thumbnail = await rest.client.get(files["thumbnail"])
    assert thumbnail.status_code == 200
    rest.clock.advance(rest.links.media_ttl_s + 1)
    assert (await rest.client.get(files["video"])).status_code == 410  # the link expired

    listed = (await rest.client.get("/api/video/projects", headers=headers)).json()
    assert [item["project_id"] for item in listed["items"]] == [project_id]
    assert listed["items"][0]["status"] == "done"

    await _not_found_to(rest, stranger, project_id)
    assert_problem(
        await rest.client.post(f"/api/video/project/{project_id}/retry", headers=headers),
        409,
        "error-short-already-made",
    )
    approved = await rest.client.post(f"/api/video/project/{project_id}/approve", headers=headers)
    assert approved.status_code == 200, approved.text
    assert approved.json()["options"]["approved"] is True

    edit = f"/api/video/project/{project_id}/edit-text"
    for body, key in (
        ({"scenes": ["Only one."] * (len(detail["scenes"]) + 1)}, "error-scene-texts-count"),
        ({"text": "Both.", "scenes": ["Both."]}, "error-invalid-request"),
        ({}, "error-invalid-request"),
        ({"text": "!!!"}, "error-script-empty"),
    ):
        assert_problem(await rest.client.post(edit, json=body, headers=headers), 422, key)
    new_text = "Octopuses have three hearts. One stops when they swim. So they prefer to crawl."
    edited = await rest.client.post(
        f"/api/video/project/{project_id}/edit-text", json={"text": new_text}, headers=headers
    )
    assert edited.status_code == 202, edited.text
    assert edited.json()["status"] == "queued"
    status = await wait_until(rest.client, headers, edited.json()["status_url"])
    assert status["status"] == "done", status
    detail = (await rest.client.get(f"/api/video/project/{project_id}", headers=headers)).json()
    assert detail["revision"] == 1
    assert " ".join(scene["text"] for scene in detail["scenes"]) == new_text
    assert is_mp4((await rest.client.get(detail["files"]["video"])).content)
    await _redraw_and_revoice(rest, headers, detail)


async def _redraw_and_revoice(
    rest: ApiHarness, headers: dict[str, str], detail: dict[str, Any]
) -> None:
    """A scene redrawn (the others' stills kept), then the stock voice again: each a new
    revision, made to the end."""
    base = f"/api/video/project/{detail['project_id']}"
    scenes = len(detail["scenes"])
    response = await rest.client.post(
        f"{base}/regenerate-scene", json={"scene": scenes}, headers=headers
    )
    assert_problem(response, 404, "error-not-found")
    before = (await rest.client.get(detail["scenes"][0]["image_url"])).content
    response = await rest.client.post(
        f"{base}/regenerate-scene", json={"scene": 0}, headers=headers
    )
    assert response.status_code == 202, response.text
    assert (await wait_until(rest.client, headers, response.json()["status_url"]))[
        "status"
    ] == "done"
    redrawn = (await rest.client.get(base, headers=headers)).json()
    assert redrawn["revision"] == detail["revision"] + 1
    after = await rest.client.get(redrawn["scenes"][0]["image_url"])
    assert after.status_code == 200
    assert after.content != before
    response = await rest.client.post(
        f"{base}/change-voice", json={"voice_id": None}, headers=headers
    )
    assert response.status_code == 202, response.text
    assert (await wait_until(rest.client, headers, response.json()["status_url"]))[
        "status"
    ] == "done"
    revoiced = (await rest.client.get(base, headers=headers)).json()
    assert revoiced["revision"] == detail["revision"] + 2
    assert revoiced["options"]["voice_id"] is None


async def _not_found_to(rest: ApiHarness, stranger: dict[str, str], project_id: int) -> None:
    base = f"/api/video/project/{project_id}"
    for path in (base, f"{base}/status"):
        assert_problem(await rest.client.get(path, headers=stranger), 404, "error-not-found")
    for action, body in ACTIONS.items():
        response = await rest.client.post(f"{base}/{action}", json=body, headers=stranger)
        assert_problem(response, 404, "error-not-found")
    listed = (await rest.client.get("/api/video/projects", headers=stranger)).json()
    assert listed["items"] == []
