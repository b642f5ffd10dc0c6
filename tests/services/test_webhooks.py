"""Webhook events against a real receiver on loopback, PostgreSQL and the in-process queue:
signed as Standard Webhooks sign (checked with the secret shown once), a 500 retried with
backoff and delivered on the second attempt, a 400 failed at once, an unreachable receiver
given up after its attempts, an event emitted twice delivered once, only to the owner's hooks
for that event; the periodic pass delivers what was emitted with no queue at hand."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp.resolver import DefaultResolver
from infra.webhook_receiver import WebhookReceiver, webhook_receiver
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.api_settings import ApiSettings
from core.enums import WebhookDeliveryStatus
from core.errors import InvalidInput
from core.ports import SilentNotifier
from core.publisher_settings import PublishersSettings
from core.settings import Settings, StorageSettings
from core.token_cipher import token_cipher
from db.models import User, WebhookDelivery
from db.queries import users
from jobs.queue import LocalQueue
from jobs.runtime import build_job_ctx
from services.webhook_hosts import PublicResolver
from services.webhooks import (
    create_webhook,
    delete_webhook,
    emit_event,
    list_webhooks,
    queue_due_deliveries,
)

FIRST_RETRY_S = 0.2


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        storage=StorageSettings(root=tmp_path / "storage"),
        publishers=PublishersSettings(secrets_dir=tmp_path / "secrets"),
        api=ApiSettings(
            webhook_attempts=3,
            webhook_first_retry_s=FIRST_RETRY_S,
            webhook_timeout_s=2,
            webhook_private_hosts=True,  # the receiver is on loopback
        ),
    )


@pytest.fixture
async def queue(
    settings: Settings, committing: async_sessionmaker[AsyncSession]
) -> AsyncIterator[LocalQueue]:
    local = LocalQueue(build_job_ctx(settings, committing, SilentNotifier()))
    yield local
    await local.close()


@pytest.fixture
async def receiver() -> AsyncIterator[WebhookReceiver]:
    async with webhook_receiver() as running:
        yield running


async def _user(db: async_sessionmaker[AsyncSession], telegram_id: int) -> User:
    async with db() as session:
        user = await users.get_or_create_user(session, telegram_id, "Dev", "en")
        await session.commit()
        return user


async def _hook(
    db: async_sessionmaker[AsyncSession], settings: Settings, user: User, url: str, *events: str
) -> str:
    async with db() as session:
        made = await create_webhook(
            session,
            user.id,
            url,
            events or ("project.done",),
            cipher=token_cipher(settings.publishers),
        )
    return made.secret


async def _emit(
    db: async_sessionmaker[AsyncSession], user: User, queue: LocalQueue | None, key: str = "7:0"
) -> list[int]:
    async with db() as session:
        return await emit_event(
            session, user.id, "project.done", key, {"project_id": 7},
            now=datetime.now(UTC), queue=queue,
        )  # fmt: skip


async def _deliveries(db: async_sessionmaker[AsyncSession]) -> list[WebhookDelivery]:
    async with db() as session:
        return list(await session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


async def test_a_500_is_retried_with_backoff_then_delivered_signed(
    committing: async_sessionmaker[AsyncSession],
    settings: Settings,
    queue: LocalQueue,
    receiver: WebhookReceiver,
) -> None:
    user = await _user(committing, 81001)
    secret = await _hook(committing, settings, user, receiver.url)
    receiver.answers = [500]
    assert len(await _emit(committing, user, queue)) == 1
    await queue.join()

    first, second = await receiver.wait_for(2)
    assert second.at - first.at >= FIRST_RETRY_S
    assert first.signed_by(secret)
    assert second.signed_by(secret)
    assert not first.signed_by("whsec_" + "A" * 44)
    assert first.body == second.body
    assert first.headers["Webhook-Id"] == second.headers["Webhook-Id"]
    assert first.json["type"] == "project.done"
    assert first.json["data"] == {"project_id": 7}
    (delivery,) = await _deliveries(committing)
    assert delivery.status is WebhookDeliveryStatus.DELIVERED
    assert (delivery.attempts, delivery.response_status, delivery.last_error) == (2, 200, None)
    assert delivery.delivered_at is not None
    assert queue.jobs_retried == 1
    async with committing() as session:  # the secret is sealed at rest
        stored = await session.scalar(text("SELECT secret FROM webhooks"))
        assert secret not in str(stored)


async def test_a_400_fails_at_once_and_a_dead_receiver_after_its_attempts(
    committing: async_sessionmaker[AsyncSession],
    settings: Settings,
    queue: LocalQueue,
    receiver: WebhookReceiver,
) -> None:
    refused, gone = await _user(committing, 81002), await _user(committing, 81003)
    await _hook(committing, settings, refused, receiver.url)
    await _hook(committing, settings, gone, "http://127.0.0.1:9/hook")  # nothing listens
    receiver.answers = [400]
    await _emit(committing, refused, queue)
    await _emit(committing, gone, queue)
    await queue.join()

    assert len(receiver.received) == 1
    failed, dead = await _deliveries(committing)
    assert (failed.status, failed.attempts, failed.response_status) == (
        WebhookDeliveryStatus.FAILED, 1, 400,
    )  # fmt: skip
    assert failed.last_error == "Bad Request"
    assert (dead.status, dead.attempts, dead.response_status) == (
        WebhookDeliveryStatus.FAILED, 3, None,
    )  # fmt: skip
    assert "ClientConnectorError" in (dead.last_error or "")
    assert queue.jobs_retried == 2


async def test_an_event_reaches_each_subscribed_hook_of_its_owner_once(
    committing: async_sessionmaker[AsyncSession],
    settings: Settings,
    queue: LocalQueue,
    receiver: WebhookReceiver,
) -> None:
    ann, bob = await _user(committing, 81004), await _user(committing, 81005)
    await _hook(committing, settings, ann, receiver.url, "project.done", "batch.done")
    await _hook(committing, settings, ann, receiver.url + "?other", "project.failed")
    await _hook(committing, settings, bob, receiver.url, "project.done")
    assert len(await _emit(committing, ann, queue)) == 1
    assert await _emit(committing, ann, queue) == []  # the same event again
    assert len(await _emit(committing, ann, queue, key="7:1")) == 1  # a new revision's
    await queue.join()
    assert len(receiver.received) == 2
    assert all(item.json["type"] == "project.done" for item in receiver.received)


async def test_the_periodic_pass_delivers_what_was_emitted_without_a_queue(
    committing: async_sessionmaker[AsyncSession],
    settings: Settings,
    queue: LocalQueue,
    receiver: WebhookReceiver,
) -> None:
    user = await _user(committing, 81006)
    secret = await _hook(committing, settings, user, receiver.url)
    await _emit(committing, user, None)
    async with committing() as session:
        assert await queue_due_deliveries(session, queue, now=datetime.now(UTC)) == 1
    await queue.join()
    (got,) = await receiver.wait_for(1)
    assert got.signed_by(secret)
    async with committing() as session:  # nothing is due any more
        assert await queue_due_deliveries(session, queue, now=datetime.now(UTC)) == 0


async def test_a_deleted_hooks_pending_delivery_fails_unsent(
    committing: async_sessionmaker[AsyncSession],
    settings: Settings,
    queue: LocalQueue,
    receiver: WebhookReceiver,
) -> None:
    user = await _user(committing, 81008)
    await _hook(committing, settings, user, receiver.url)
    await _emit(committing, user, None)
    async with committing() as session:
        (hook,) = await list_webhooks(session, user.id)
        await delete_webhook(session, user.id, hook.id, now=datetime.now(UTC))
        assert await queue_due_deliveries(session, queue, now=datetime.now(UTC)) == 1
    await queue.join()
    assert receiver.received == []
    (delivery,) = await _deliveries(committing)
    assert (delivery.status, delivery.last_error) == (
        WebhookDeliveryStatus.FAILED, "the webhook was deleted",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("url", "events"),
    [
        ("ftp://example.com/hook", ["project.done"]),
        ("https://", ["project.done"]),
        ("https://example.com/hook", []),
        ("https://example.com/hook", ["project.started"]),
    ],
)
async def test_bad_hooks_are_refused(
    committing: async_sessionmaker[AsyncSession], settings: Settings, url: str, events: list[str]
) -> None:
    user = await _user(committing, 81007)
    async with committing() as session:
        with pytest.raises(InvalidInput):
            await create_webhook(
                session, user.id, url, events, cipher=token_cipher(settings.publishers)
            )
    async with committing() as session:
        assert await list_webhooks(session, user.id) == []


async def test_private_addresses_are_refused_by_default(
    committing: async_sessionmaker[AsyncSession], tmp_path: Path, receiver: WebhookReceiver
) -> None:
    settings = Settings(
        storage=StorageSettings(root=tmp_path / "storage"),
        publishers=PublishersSettings(secrets_dir=tmp_path / "secrets"),
        api=ApiSettings(webhook_attempts=1),
    )
    user = await _user(committing, 81009)
    await _hook(committing, settings, user, receiver.url)  # 127.0.0.1
    await _hook(committing, settings, user, receiver.url.replace("127.0.0.1", "localhost"))
    local = LocalQueue(build_job_ctx(settings, committing, SilentNotifier()))
    try:
        await _emit(committing, user, local)
        await local.join()
    finally:
        await local.close()
    assert receiver.received == []
    literal, name = await _deliveries(committing)
    assert (literal.status, literal.last_error) == (
        WebhookDeliveryStatus.FAILED, "the URL's host is not a public address",
    )  # fmt: skip
    assert name.status is WebhookDeliveryStatus.FAILED
    assert "ClientConnectorDNSError" in (name.last_error or "")
    assert await DefaultResolver().resolve("localhost")  # it was the filter that refused
    with pytest.raises(OSError, match="localhost has no public address"):
        await PublicResolver().resolve("localhost")
