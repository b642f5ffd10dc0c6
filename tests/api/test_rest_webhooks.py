"""/api/webhooks end to end: made (the secret shown once), listed, its delivery log, deleted;
bad URLs, events and types refused as problem+json with nothing made; another user's hook
is a 404; a Short asked for over the API reaching done is a signed `project.done` at a real
receiver on loopback."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, get_args

import pytest
from infra.webhook_receiver import WebhookReceiver, webhook_receiver
from rest_support import ApiHarness, assert_problem, running_rest_app
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.rest.webhooks import Event
from core.api_settings import ApiSettings
from services.webhooks import EVENTS

pytestmark = [pytest.mark.render, pytest.mark.timeout(180)]


@pytest.fixture
async def receiver() -> AsyncIterator[WebhookReceiver]:
    async with webhook_receiver() as running:
        yield running


async def _make(rest: ApiHarness, headers: dict[str, str], url: str, *events: str) -> Any:
    body = {"url": url, "events": list(events or ["project.done"])}
    response = await rest.client.post("/api/webhooks", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_the_routes_offer_the_services_events() -> None:
    assert set(get_args(Event)) == set(EVENTS)


async def test_a_webhook_is_made_listed_logged_and_deleted(rest: ApiHarness) -> None:
    headers = await rest.pro()
    made = await _make(rest, headers, "https://example.com/hook", "project.done", "batch.done")
    assert made["secret"].startswith("whsec_")
    assert made["events"] == ["batch.done", "project.done"]

    listed = (await rest.client.get("/api/webhooks", headers=headers)).json()
    assert listed == [{k: v for k, v in made.items() if k != "secret"}]
    log = await rest.client.get(f"/api/webhooks/{made['id']}/deliveries", headers=headers)
    assert (log.status_code, log.json()) == (200, [])

    gone = await rest.client.delete(f"/api/webhooks/{made['id']}", headers=headers)
    assert gone.status_code == 204
    assert (await rest.client.get("/api/webhooks", headers=headers)).json() == []
    again = await rest.client.delete(f"/api/webhooks/{made['id']}", headers=headers)
    assert_problem(again, 404, "error-not-found")


async def test_another_users_webhook_is_not_found(rest: ApiHarness) -> None:
    mine, theirs = await rest.pro(), await rest.pro()
    made = await _make(rest, theirs, "https://example.com/theirs")
    for response in (
        await rest.client.delete(f"/api/webhooks/{made['id']}", headers=mine),
        await rest.client.get(f"/api/webhooks/{made['id']}/deliveries", headers=mine),
    ):
        assert_problem(response, 404, "error-not-found")
    assert len((await rest.client.get("/api/webhooks", headers=theirs)).json()) == 1
    huge = await rest.client.delete(f"/api/webhooks/{2**40}", headers=mine)
    assert_problem(huge, 422, "error-invalid-request")
    assert_problem(await rest.client.get("/api/webhooks"), 401, "error-api-key-invalid")


@pytest.mark.parametrize(
    ("body", "status", "key"),
    [
        ({"url": "ftp://example.com/hook", "events": ["project.done"]}, 422,
         "error-invalid-input"),
        ({"url": "https://", "events": ["project.done"]}, 422, "error-invalid-input"),
        ({"url": "http://[", "events": ["project.done"]}, 422, "error-invalid-input"),
        ({"url": "http://example.com:99999/", "events": ["project.done"]}, 422,
         "error-invalid-input"),
        ({"url": "http://exa mple.com/", "events": ["project.done"]}, 422, "error-invalid-input"),
        ({"url": "http://example.com/\u0000", "events": ["project.done"]}, 422,
         "error-invalid-input"),
        ({"url": "https://example.com/" + "a" * 3000, "events": ["project.done"]}, 422,
         "error-invalid-request"),
        ({"url": "https://example.com/hook", "events": []}, 422, "error-invalid-request"),
        ({"url": "https://example.com/hook", "events": ["project.started"]}, 422,
         "error-invalid-request"),
        ({"url": 5, "events": "project.done"}, 422, "error-invalid-request"),
        ({"events": ["project.done"]}, 422, "error-invalid-request"),
    ],
)  # fmt: skip
async def test_bad_webhooks_are_refused_and_nothing_is_made(
    rest: ApiHarness, body: dict[str, Any], status: int, key: str
) -> None:
    headers = await rest.pro()
    assert_problem(
        await rest.client.post("/api/webhooks", json=body, headers=headers), status, key
    )
    assert (await rest.client.get("/api/webhooks", headers=headers)).json() == []


async def test_a_short_made_over_the_api_reaches_the_receiver_as_project_done(
    tmp_path: Path, committing: async_sessionmaker[AsyncSession], receiver: WebhookReceiver
) -> None:
    loopback = ApiSettings(webhook_private_hosts=True)  # where the receiver listens
    async with running_rest_app(tmp_path, committing, api=loopback) as rest:
        await _project_done_arrives(rest, receiver)


async def _project_done_arrives(rest: ApiHarness, receiver: WebhookReceiver) -> None:
    user = await rest.user()
    headers = await rest.key_for(user)
    made = await _make(rest, headers, receiver.url, "project.done", "project.failed")
    other = await _make(rest, headers, receiver.url + "?publications", "publication.published")
    asked = await rest.client.post(
        "/api/video/create-short",
        json={"topic": "Why cats sleep so much", "duration": 15, "language": "en"},
        headers=headers,
    )
    assert asked.status_code == 202, asked.text
    project_id = asked.json()["project_id"]
    await rest.queue.join()  # the render, then the delivery job it queued at once
    await rest.queue.join()

    (got,) = await receiver.wait_for(1)
    assert got.signed_by(made["secret"])
    assert got.json["type"] == "project.done"
    assert got.json["data"]["project_id"] == project_id
    assert got.json["data"]["status"] == "done"
    log = (await rest.client.get(f"/api/webhooks/{made['id']}/deliveries", headers=headers)).json()
    assert [(d["event"], d["status"], d["attempts"], d["response_status"]) for d in log] == [
        ("project.done", "delivered", 1, 200)
    ]
    quiet = await rest.client.get(f"/api/webhooks/{other['id']}/deliveries", headers=headers)
    assert quiet.json() == []
