"""The weekly digest (opt-in): who gets it, claimed exactly once a week per user.

A pass claims the due users in small groups with one conditional UPDATE (committed before
anything is sent), so two workers, or a pass that overlaps the next, never send one person
two digests in a week. A digest Telegram could not take is released and goes out on the
next pass; a worker killed mid-group loses at most that group's digests for the week.
"""

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound
from db.queries import digests

DIGEST_EVERY = timedelta(days=7)
CLAIM_GROUP = 20  # digests claimed per commit


async def set_weekly_digest(session: AsyncSession, user_id: int, *, on: bool) -> None:
    """Turn the user's weekly digest on or off."""
    if not await digests.set_opt_in(session, user_id, on=on):
        raise NotFound(what="user")
    await session.commit()


async def claim_weekly_digests(session: AsyncSession, *, now: datetime) -> list[int]:
    """Up to CLAIM_GROUP users whose digest is due, marked sent at `now` (one commit);
    empty once nobody is due."""
    sent_before = now - DIGEST_EVERY
    candidates = await digests.due_ids(session, sent_before=sent_before, limit=CLAIM_GROUP)
    if not candidates:
        return []
    claimed = await digests.claim_due(
        session, now=now, sent_before=sent_before, limit_ids=candidates
    )
    await session.commit()
    return claimed


async def release_weekly_digest(
    session: AsyncSession, user_id: int, *, claimed_at: datetime
) -> None:
    """The digest did not reach the user: due again on the next pass."""
    await digests.release(session, user_id, claimed_at=claimed_at)
    await session.commit()
