"""The weekly digest tick: the opted-in users whose week is over get their numbers, through
the Notifier (the bot renders the text and the views chart in their language)."""

from datetime import datetime

import structlog

from core.ports import JobQueue
from core.ports.digest import DigestNotifier, WeeklyDigest
from db.base import utcnow
from pipeline.context import JobCtx
from services.weekly_digest import claim_weekly_digests, release_weekly_digest

log = structlog.get_logger(__name__)
DIGEST_TICK_S = 3600  # a week's digest an hour late is on time


async def send_weekly_digests(ctx: JobCtx, queue: JobQueue, *, now: datetime | None = None) -> int:
    """One pass; returns how many digests reached their users. A digest that did not go
    through is released and the pass ends: the next one tries again."""
    del queue  # nothing to queue: the digests are sent right here
    notifier = ctx["notifier"]
    if not isinstance(notifier, DigestNotifier):  # this process reaches no chat (the CLI)
        return 0
    now = now or utcnow()
    sent = 0
    while True:
        async with ctx["sessionmaker"]() as session:
            claimed = await claim_weekly_digests(session, now=now)
        failed: list[int] = []
        for user_id in claimed:
            if await notifier.weekly_digest(WeeklyDigest(user_id, now)):
                sent += 1
            else:
                failed.append(user_id)
        for user_id in failed:
            async with ctx["sessionmaker"]() as session:
                await release_weekly_digest(session, user_id, claimed_at=now)
        if failed or not claimed:
            break
    if sent:
        log.info("digest.sent", sent=sent)
    return sent
