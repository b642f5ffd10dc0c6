"""One attempt to deliver a webhook event, signed as Standard Webhooks signs: headers
`Webhook-Id`, `Webhook-Timestamp` and `Webhook-Signature: v1,<base64 HMAC-SHA256 of
"{id}.{timestamp}.{body}">` keyed with the hook's secret. Every attempt is recorded; a 2xx
delivers, 5xx/408/429/timeouts/connection errors are tried again with exponential backoff,
any other answer fails the delivery at once."""

import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from http import HTTPStatus
from typing import Any

import aiohttp
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import WebhookDeliveryStatus
from core.token_cipher import TokenCipher
from db.queries import webhooks
from services.webhook_hosts import private_literal
from services.webhooks import SECRET_PREFIX

log = structlog.get_logger(__name__)
RETRYABLE = frozenset({HTTPStatus.REQUEST_TIMEOUT, HTTPStatus.TOO_MANY_REQUESTS})
MAX_ERROR = 500


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    attempts: int
    first_retry_s: float
    timeout_s: float
    private_hosts: bool = False  # the session's connector must then resolve any address


@dataclass(frozen=True, slots=True)
class Outcome:
    status: int | None  # the receiver's HTTP status; None: no answer
    error: str | None


def body_bytes(payload: Mapping[str, Any]) -> bytes:
    """The same bytes for every attempt of a delivery."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


async def post(
    http: aiohttp.ClientSession,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    timeout_s: float,
) -> Outcome:
    try:
        async with http.post(
            url,
            data=body,
            headers=dict(headers),
            timeout=aiohttp.ClientTimeout(total=timeout_s),
            allow_redirects=False,
        ) as response:
            return Outcome(response.status, None if _ok(response.status) else response.reason)
    except TimeoutError:
        return Outcome(None, f"no answer within {timeout_s:g} s")
    except aiohttp.ClientError as error:
        return Outcome(None, f"{type(error).__name__}: {error}"[:MAX_ERROR])


async def attempt_delivery(
    sessionmaker: async_sessionmaker[AsyncSession],
    delivery_id: int,
    *,
    cipher: TokenCipher,
    http: aiohttp.ClientSession,
    policy: DeliveryPolicy,
    clock: Callable[[], datetime],
) -> float | None:
    """One attempt of a pending delivery; the seconds until the next one, or None when the
    delivery is settled (delivered, failed, or not pending any more)."""
    async with sessionmaker() as session:
        found = await webhooks.delivery_with_hook(session, delivery_id)
        if found is None or found[0].status is not WebhookDeliveryStatus.PENDING:
            return None
        delivery, hook = found
        url, secret = hook.url, cipher.open(hook.secret)
        gone = hook.disabled_at is not None
        body = body_bytes(delivery.payload)
    message_id, timestamp = f"dlv_{delivery_id}", int(clock().timestamp())
    headers = {
        "Content-Type": "application/json",
        "Webhook-Id": message_id,
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": signature(secret, message_id, timestamp, body),
    }
    refusal = _refusal(url, policy, gone=gone)
    outcome = refusal or await post(http, url, body, headers, policy.timeout_s)
    final = refusal is not None
    return await _record(sessionmaker, delivery_id, outcome, policy, clock(), final=final)


def _refusal(url: str, policy: DeliveryPolicy, *, gone: bool) -> Outcome | None:
    """Why the delivery must not be tried (for good), if it must not."""
    if gone:
        return Outcome(None, "the webhook was deleted")
    if not policy.private_hosts and private_literal(url):
        return Outcome(None, "the URL's host is not a public address")
    return None


async def _record(
    sessionmaker: async_sessionmaker[AsyncSession],
    delivery_id: int,
    outcome: Outcome,
    policy: DeliveryPolicy,
    now: datetime,
    *,
    final: bool,
) -> float | None:
    async with sessionmaker() as session:
        found = await webhooks.delivery_with_hook(session, delivery_id)
        if found is None:
            return None
        delivery = found[0]
        delivery.attempts += 1
        delivery.response_status, delivery.last_error = outcome.status, outcome.error
        delay: float | None = None
        if outcome.status is not None and _ok(outcome.status):
            delivery.status, delivery.delivered_at = WebhookDeliveryStatus.DELIVERED, now
            delivery.next_attempt_at = None
        elif final or delivery.attempts >= policy.attempts or not _retryable(outcome.status):
            delivery.status, delivery.next_attempt_at = WebhookDeliveryStatus.FAILED, None
        else:
            delay = policy.first_retry_s * 2 ** (delivery.attempts - 1)
            delivery.next_attempt_at = now + timedelta(seconds=delay)
        await session.commit()
    log.info(
        "webhook.attempt",
        delivery_id=delivery_id,
        attempt=delivery.attempts,
        http_status=outcome.status,
        outcome=delivery.status.value,
        retry_in_s=delay,
    )
    return delay


def _ok(status: int) -> bool:
    return HTTPStatus.OK <= status < HTTPStatus.MULTIPLE_CHOICES


def _retryable(status: int | None) -> bool:
    return status is None or status >= HTTPStatus.INTERNAL_SERVER_ERROR or status in RETRYABLE
