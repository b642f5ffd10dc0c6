"""REST API keys: made in the bot (/api) or by an admin's command line, shown once, kept as
a SHA-256 digest, sent as `Authorization: Bearer <key>`. A key works while it is not revoked
and its owner's plan includes the API (Pro, Agency)."""

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError, NotFound
from core.plans import Plan, PlanCode
from db.models import ApiKey
from db.queries import api_keys, users
from services.plans import effective_plan, plan_of

KEY_PREFIX = "sf_"
SHOWN_PREFIX = 10  # characters of a key kept in clear to tell keys apart
MAX_KEYS = 10
MAX_KEY_LENGTH = 128
TOUCH_EVERY = timedelta(minutes=1)


class ApiKeyInvalid(DomainError):
    key = "error-api-key-invalid"
    template = "The API key is missing, unknown or revoked."


class ApiNotInPlan(DomainError):
    key = "error-api-not-in-plan"
    template = "The {plan} plan has no API access; Pro and Agency do (upgrade with /plan)."


class TooManyKeys(DomainError):
    key = "error-api-too-many-keys"
    template = "At most {limit} API keys at once; revoke one first."


@dataclass(frozen=True, slots=True)
class ApiCaller:
    """Who a request comes from: every query of the request is scoped to `user_id`."""

    user_id: int
    key_id: int
    plan: Plan
    language: str
    plan_ends_at: datetime | None = None  # the plan (and with it the key) ends then


@dataclass(frozen=True, slots=True)
class NewKey:
    key: ApiKey
    secret: str  # the whole key: shown once, never stored


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def create_api_key(
    session: AsyncSession, user_id: int, *, name: str = "default", now: datetime
) -> NewKey:
    """A new key for the user (their plan must include the API); commits."""
    plan = await plan_of(session, user_id, now=now)
    if not plan.api_access:
        raise ApiNotInPlan(plan=plan.code.value)
    if len(await api_keys.live_keys(session, user_id)) >= MAX_KEYS:
        raise TooManyKeys(limit=MAX_KEYS)
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        user_id=user_id,
        name=name.strip()[:64] or "default",
        prefix=secret[:SHOWN_PREFIX],
        digest=digest_of(secret),
    )
    session.add(key)
    await session.commit()
    return NewKey(key=key, secret=secret)


async def create_api_key_for(
    session: AsyncSession, telegram_id: int, *, name: str, now: datetime
) -> NewKey:
    """A key for the user with this Telegram ID (an admin's command line); commits."""
    user = await users.get_user_by_telegram_id(session, telegram_id)
    if user is None:
        raise NotFound(what="user")
    return await create_api_key(session, user.id, name=name, now=now)


async def list_api_keys(session: AsyncSession, user_id: int) -> Sequence[ApiKey]:
    return await api_keys.live_keys(session, user_id)


async def get_api_key(session: AsyncSession, user_id: int, key_id: int) -> ApiKey:
    """The user's live key (another user's ID, or a revoked key, is not found)."""
    key = await api_keys.get_user_key(session, user_id, key_id)
    if key is None or key.revoked_at is not None:
        raise NotFound(what="API key")
    return key


async def revoke_api_key(
    session: AsyncSession, user_id: int, key_id: int, *, now: datetime
) -> None:
    """Revoke the user's key (another user's ID is not found); commits."""
    key = await get_api_key(session, user_id, key_id)
    key.revoked_at = now
    await session.commit()


async def authenticate(session: AsyncSession, secret: str | None, *, now: datetime) -> ApiCaller:
    """The caller behind a Bearer key, or ApiKeyInvalid / ApiNotInPlan / UserBlocked-like
    refusals. The digest lookup is by unique index: no key is compared in Python."""
    if not secret or not secret.startswith(KEY_PREFIX) or len(secret) > MAX_KEY_LENGTH:
        raise ApiKeyInvalid()
    found = await api_keys.key_with_user(session, digest_of(secret))
    if found is None or found[0].revoked_at is not None or found[1].is_blocked:
        raise ApiKeyInvalid()
    key, user = found
    plan = effective_plan(user, now)
    if not plan.api_access:
        raise ApiNotInPlan(plan=plan.code.value)
    if key.last_used_at is None or now - key.last_used_at >= TOUCH_EVERY:
        await api_keys.touch(session, key.id, now)
        await session.commit()
    ends = user.plan_expires_at if plan.code is not PlanCode.FREE else None
    return ApiCaller(
        user_id=user.id, key_id=key.id, plan=plan, language=user.language, plan_ends_at=ends
    )
