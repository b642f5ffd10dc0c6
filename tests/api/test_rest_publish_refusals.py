"""Publishing requests that are refused: unknown platforms, wrong types, a time in the past,
text over a platform's limits, privacy or titles a platform does not have, TikTok without a
privacy its creator_info offers, another user's IDs. Each is problem+json, nothing written."""

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from publish_support import PublishingApi, publishing_api
from rest_support import assert_problem

from core.enums import Platform
from db.queries import projects

INVALID = "error-invalid-request"
AI = {"ai_generated": True}


@pytest.fixture
async def api(tmp_path: Path, pg_url: str) -> AsyncIterator[PublishingApi]:
    async with publishing_api(tmp_path, pg_url) as harness:
        yield harness


def _edit(platform: str, **fields: object) -> dict[str, Any]:
    return {"platforms": [platform], "metadata_overrides": {platform: fields}, **AI}


def _cases(api: PublishingApi) -> list[tuple[dict[str, Any], str]]:
    past = (api.clock() - timedelta(hours=1)).isoformat()
    stray = {"platforms": ["telegram"], "metadata_overrides": {"instagram": {}}, **AI}
    return [
        ({"platforms": ["myspace"], **AI}, INVALID),
        ({"platforms": ["telegram"], "metadata_overrides": {"myspace": {}}, **AI}, INVALID),
        ({"accounts": ["abc"], **AI}, INVALID),
        ({"accounts": [10**12], **AI}, INVALID),  # past the database's integers
        ({"platforms": "telegram", **AI}, INVALID),
        ({"platforms": ["telegram"], "ai_generated": "perhaps"}, INVALID),
        ({"platforms": ["telegram"], "schedule_time": "2030-01-01T10:00:00", **AI}, INVALID),
        ({"platforms": ["telegram"], "surprise": 1, **AI}, INVALID),
        (_edit("telegram", caption="unknown field"), INVALID),
        ({"platforms": ["telegram"], "schedule_time": past, **AI}, "error-publish-time-past"),
        (AI, "error-publish-nothing-picked"),
        (_edit("x", description="y" * 300), "error-post-caption-too-long"),
        (_edit("instagram", tags=[f"t{n}" for n in range(31)]), "error-post-hashtags-too-many"),
        (_edit("youtube", title="t" * 101), "error-post-title-too-long"),
        (_edit("youtube", privacy="friends"), "error-publish-privacy-not-offered"),
        (_edit("telegram", privacy="public"), "error-publish-privacy-not-offered"),
        (_edit("x", title="A title"), "error-publish-title-not-offered"),
        (stray, "error-publish-edit-not-picked"),
        ({"platforms": ["tiktok"], **AI}, "error-tiktok-privacy"),
        (_edit("tiktok", privacy="EVERYONE_ELSE"), "error-tiktok-privacy"),  # not the creator's
        ({"platforms": ["telegram"]}, "error-publish-ai-field-missing"),
    ]


async def test_bad_requests_are_422_problems_and_write_nothing(api: PublishingApi) -> None:
    short = await api.world.add_short()
    for body, key in _cases(api):
        assert_problem(await api.publish(short, **body), 422, key)
    malformed = await api.client.post(
        f"/api/publish/video/{short}", content=b'{"platforms": [', headers=api.headers
    )
    assert_problem(malformed, 422, INVALID)
    async with api.sessionmaker() as session:
        draft = await projects.create_project(
            session,
            api.world.user_id,
            topic="Unfinished",
            language="en",
            target_duration=4,
            style="vivid",
            tone="calm",
        )
        await session.commit()
    unfinished = await api.publish(draft.id, platforms=["telegram"], **AI)
    assert_problem(unfinished, 422, "error-invalid-input")
    assert_problem(await api.publish(10**9, platforms=["telegram"], **AI), 404, "error-not-found")
    assert_problem(await api.publish(10**12, platforms=["telegram"], **AI), 422, INVALID)
    assert await api.publications() == []
    assert (await api.user_row(api.world.user_id)).ai_disclosure is None
    assert sum(api.emulators.public_posts().values()) == 0


async def test_another_users_short_account_and_publication_are_not_found(
    api: PublishingApi,
) -> None:
    short = await api.world.add_short()
    made = await api.publish(short, platforms=["telegram"], **AI)
    (mine,) = made.json()["publications"]
    stranger = await api.user()
    theirs = await api.key_for(stranger.id)
    their_short = await api.world.with_user(stranger.id).add_short()
    await api.add_account(stranger.id, Platform.TELEGRAM)

    url = f"/api/publish/video/{short}"
    refused = await api.client.post(url, json={"platforms": ["telegram"], **AI}, headers=theirs)
    assert_problem(refused, 404, "error-not-found")
    body = {"accounts": [api.world.accounts[Platform.YOUTUBE]], **AI}
    foreign_account = await api.client.post(
        f"/api/publish/video/{their_short}", json=body, headers=theirs
    )
    assert_problem(foreign_account, 404, "error-not-found")
    status = await api.client.get(mine["status_url"], headers=theirs)
    assert_problem(status, 404, "error-not-found")
    assert await api.publications(stranger.id) == []
    listed = await api.client.get("/api/publish/youtube/accounts", headers=theirs)
    assert listed.json() == {"platform": "youtube", "accounts": []}

    bad_id = await api.client.get("/api/publish/status/abc", headers=api.headers)
    assert_problem(bad_id, 422, INVALID)
    unknown = await api.client.get("/api/publish/status/999999999", headers=api.headers)
    assert_problem(unknown, 404, "error-not-found")
    huge = await api.client.get(f"/api/publish/status/{10**12}", headers=api.headers)
    assert_problem(huge, 422, INVALID)
