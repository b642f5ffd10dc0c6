"""Publish or schedule a whole batch: every made Short of it to the accounts the person
picked, now, or spread one a day per account at their usual slot starting tomorrow (each a
scheduled publication: the exactly-once publishing machinery does the rest).

The plan is checked for every account's platform before anything is stored.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform
from core.errors import NotFound
from core.ports import JobQueue
from core.post_options import PostChoices
from db.models import User
from db.queries import publications, scripts, users
from services.batches import batch_items, get_batch
from services.plans import check_platform, plan_of
from services.post_limits import TEXT_LIMITS
from services.post_texts import default_choices
from services.publish_plans import DisclosureUnanswered, NothingPicked, PickableAccount
from services.publish_slots import DEFAULT_SLOT_TIMES
from services.publishing import publish_short
from services.user_settings import zone_of

# TikTok needs its post screen (creator_info) for each post: a batch goes elsewhere.
NOT_FOR_BATCHES = frozenset({Platform.TIKTOK})
USUAL_SLOT = DEFAULT_SLOT_TIMES[0]


@dataclass(frozen=True, slots=True)
class BatchPublished:
    publications: int  # new ones (a Short already live on an account is left as it is)
    first_at: datetime | None  # the spread's first and last times (None: now)
    last_at: datetime | None


async def batch_accounts(
    session: AsyncSession, user_id: int, batch_id: int
) -> list[PickableAccount]:
    """The accounts a batch can go to: the user's active ones, TikTok left out."""
    await get_batch(session, user_id, batch_id)  # owner check
    return [
        PickableAccount(a.id, a.platform, a.name)
        for a in await publications.active_accounts(session, user_id)
        if a.platform not in NOT_FOR_BATCHES
    ]


def spread_times(now: datetime, zone_name: str | None, count: int) -> list[datetime]:
    """`count` times, one a day at the usual slot in the person's zone, from tomorrow (UTC)."""
    zone = zone_of(zone_name)
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    return [
        datetime.combine(tomorrow + timedelta(days=n), USUAL_SLOT, tzinfo=zone).astimezone(UTC)
        for n in range(count)
    ]


async def _user(session: AsyncSession, user_id: int) -> User:
    user = await users.get_user(session, user_id)
    if user is None:
        raise NotFound(what="user")
    return user


def _post(
    platform: Platform, title: str, description: str, hashtags: Sequence[str], *, ai: bool
) -> PostChoices:
    return default_choices(
        platform, TEXT_LIMITS[platform], title=title, description=description,
        hashtags=hashtags, ai_generated=ai,
    )  # fmt: skip


async def publish_batch(
    session: AsyncSession,
    user_id: int,
    batch_id: int,
    account_ids: Sequence[int],
    *,
    spread: bool,
    queue: JobQueue,
    now: datetime,
) -> BatchPublished:
    """Every made Short of the user's batch to the picked accounts, now or spread.

    Raises NotFound (a batch or account not the user's, a TikTok account), NothingPicked,
    DisclosureUnanswered, PlatformNotInPlan.
    """
    if not account_ids:
        raise NothingPicked
    user = await _user(session, user_id)
    if user.ai_disclosure is None:
        raise DisclosureUnanswered
    offered = {a.id: a for a in await batch_accounts(session, user_id, batch_id)}
    if any(account_id not in offered for account_id in account_ids):
        raise NotFound(what="account")
    plan = await plan_of(session, user_id, now=now)
    for account_id in account_ids:
        check_platform(plan, offered[account_id].platform)
    made = [item for item in await batch_items(session, user_id, batch_id) if item.done]
    times = spread_times(now, user.timezone, len(made)) if spread else [None] * len(made)
    count = 0
    for item, when in zip(made, times, strict=True):
        script = await scripts.get_script(session, item.project_id, user_id)
        post = (
            (script.title, script.description, script.hashtags) if script else (item.topic, "", [])
        )
        choices = {
            account_id: _post(offered[account_id].platform, *post, ai=bool(user.ai_disclosure))
            for account_id in account_ids
        }
        # One Short's publications in one commit each: a stop midway leaves whole Shorts
        # scheduled, and asking again adds only the rest (a live publication is kept).
        count += len(
            await publish_short(session, user_id, item.project_id, choices, when=when, queue=queue)
        )
    return BatchPublished(count, times[0] if spread and times else None,
                          times[-1] if spread and times else None)  # fmt: skip
