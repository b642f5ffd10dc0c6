"""POST /api/publish/video/{id} and GET /api/publish/status/{id} end to end: the Short goes
to the platform emulators through the real publish jobs, once; a schedule waits queued
with its time; the AI label is answered in the request."""

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import get_args

import pytest
from publish_support import PublishingApi, publishing_api
from rest_support import assert_problem

from api.rest.publish_models import ApiPublicationStatus, api_status
from core.enums import Platform, PublicationState
from core.plans import PlanCode
from services.plan_errors import PlatformNotInPlan
from services.publish_requests import PublishRequest, publish_request
from services.publishing import cancel_publication

YOUTUBE, TELEGRAM, X = Platform.YOUTUBE, Platform.TELEGRAM, Platform.X


@pytest.fixture
async def api(tmp_path: Path, pg_url: str) -> AsyncIterator[PublishingApi]:
    async with publishing_api(tmp_path, pg_url) as harness:
        yield harness


async def test_publish_now_to_two_platforms_reaches_published_with_urls(
    api: PublishingApi,
) -> None:
    short = await api.world.add_short()
    response = await api.publish(
        short,
        platforms=["telegram"],
        accounts=[api.world.accounts[YOUTUBE]],
        ai_generated=True,
        metadata_overrides={
            "youtube": {"title": "Three hearts", "tags": ["octopus", "#ocean"],
                        "privacy": "unlisted"},
        },
    )  # fmt: skip
    assert response.status_code == 202, response.text
    started = response.json()["publications"]
    assert {p["platform"] for p in started} == {"youtube", "telegram"}
    assert all(p["status"] == "queued" and p["scheduled_time"] is None for p in started)
    await api.queue.join()

    for item in started:
        assert item["status_url"].endswith(f"/api/publish/status/{item['publication_id']}")
        status = await api.client.get(item["status_url"], headers=api.headers)
        assert status.status_code == 200, status.text
        body = status.json()
        assert body["status"] == "published", body
        assert body["url"].startswith("https://")
        assert body["account"]["id"] == api.world.accounts[Platform(body["platform"])]
        assert body["error"] is None
    (video,) = api.emulators.youtube.videos_titled("Three hearts")  # the override, uploaded
    assert video.resource["status"]["privacyStatus"] == "unlisted"
    assert video.resource["snippet"]["description"].endswith("#octopus #ocean #Shorts")
    assert api.emulators.public_posts()[TELEGRAM] == 1

    again = await api.publish(short, platforms=["youtube", "telegram"])
    assert again.status_code == 202
    assert again.json()["publications"] == []  # live there already: nothing posted twice
    await api.queue.join()
    assert len(api.emulators.youtube.videos_titled("Three hearts")) == 1
    assert api.emulators.public_posts()[TELEGRAM] == 1


async def test_a_scheduled_publication_waits_queued_with_its_time(api: PublishingApi) -> None:
    short = await api.world.add_short()
    when = api.clock() + timedelta(days=1)
    response = await api.publish(
        short, platforms=["x"], schedule_time=when.isoformat(), ai_generated=False
    )
    assert response.status_code == 202, response.text
    (item,) = response.json()["publications"]
    await api.queue.join()
    body = (await api.client.get(item["status_url"], headers=api.headers)).json()
    assert body["status"] == "queued"
    assert body["url"] is None
    assert body["platform"] == "x"
    assert body["scheduled_time"].replace("Z", "+00:00") == when.isoformat()
    (row,) = await api.publications()
    assert row.state is PublicationState.SCHEDULED
    assert api.emulators.public_posts()[X] == 0

    async with api.sessionmaker() as session:  # the bot's /cancel
        await cancel_publication(session, api.world.user_id, row.id)
    body = (await api.client.get(item["status_url"], headers=api.headers)).json()
    assert (body["status"], body["error"]) == ("failed", "cancelled before it started")


def test_every_publication_state_has_one_of_the_seven_status_words() -> None:
    words = {api_status(state) for state in PublicationState}
    assert words == set(get_args(ApiPublicationStatus))
    assert api_status(PublicationState.SCHEDULED) == "queued"


async def test_the_ai_label_is_asked_for_by_field_and_kept_once_answered(
    api: PublishingApi,
) -> None:
    short = await api.world.add_short()
    refused = await api.publish(short, platforms=["telegram"])
    body = assert_problem(refused, 422, "error-publish-ai-field-missing")
    assert "ai_generated" in body["detail"]
    assert await api.publications() == []
    assert (await api.user_row(api.world.user_id)).ai_disclosure is None

    answered = await api.publish(short, platforms=["telegram"], ai_generated=False)
    assert answered.status_code == 202, answered.text
    assert (await api.user_row(api.world.user_id)).ai_disclosure is False
    other = await api.world.add_short("Squid ink")
    assert (await api.publish(other, platforms=["telegram"])).status_code == 202
    assert [p.choices.ai_generated for p in await api.publications()] == [False, False]


async def test_a_platform_outside_the_plan_is_refused_by_the_reused_service(
    api: PublishingApi,
) -> None:
    free = await api.user(PlanCode.FREE)
    account = await api.add_account(free.id, X)
    short = await api.world.with_user(free.id).add_short()
    wanted = PublishRequest(account_ids=(account,), ai_generated=True)
    async with api.sessionmaker() as session:
        with pytest.raises(PlatformNotInPlan):
            await publish_request(
                session, free.id, short, wanted, queue=api.queue, now=api.clock()
            )
    assert await api.publications(free.id) == []
    assert (await api.user_row(free.id)).ai_disclosure is None  # nothing half-kept


async def test_tiktok_takes_the_privacy_the_request_chose(api: PublishingApi) -> None:
    short = await api.world.add_short()
    response = await api.publish(
        short, platforms=["tiktok", "instagram", "x"], ai_generated=True,
        metadata_overrides={"tiktok": {"privacy": "PUBLIC_TO_EVERYONE"}},
    )  # fmt: skip
    assert response.status_code == 202, response.text
    await api.queue.join()
    for item in response.json()["publications"]:
        body = (await api.client.get(item["status_url"], headers=api.headers)).json()
        assert body["status"] == "published", body
    posts = api.emulators.public_posts()
    assert (posts[Platform.TIKTOK], posts[Platform.INSTAGRAM], posts[X]) == (1, 1, 1)
    tiktok = next(p for p in await api.publications() if p.platform is Platform.TIKTOK)
    assert tiktok.choices.privacy == "PUBLIC_TO_EVERYONE"
    assert tiktok.choices.options["allow_comment"] is False  # toggles off unless turned on
