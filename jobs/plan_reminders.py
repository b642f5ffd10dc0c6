"""The renewal reminder tick: plans ending within `PLANS__REMIND_DAYS` are announced once,
through the Notifier (the bot renders the text and the renew button in the user's language)."""

from datetime import datetime

import structlog

from core.ports import JobQueue
from core.ports.payments import PlanNotifier
from db.base import utcnow
from pipeline.context import JobCtx
from services.plan_reminders import claim_plan_reminders, release_plan_reminder

log = structlog.get_logger(__name__)
REMIND_EVERY_S = 3600  # a reminder days ahead needs no finer tick


async def remind_renewals(ctx: JobCtx, queue: JobQueue, *, now: datetime | None = None) -> int:
    """One pass; returns how many reminders reached their users."""
    del queue  # nothing to queue: the reminders are sent right here
    notifier = ctx["notifier"]
    if not isinstance(notifier, PlanNotifier):  # this process reaches no chat (the CLI)
        return 0
    now = now or utcnow()
    async with ctx["sessionmaker"]() as session:
        due = await claim_plan_reminders(session, plans=ctx["settings"].plans, now=now)
    sent = 0
    for reminder in due:
        if await notifier.plan_expiring(reminder):
            sent += 1
            continue
        async with ctx["sessionmaker"]() as session:
            await release_plan_reminder(session, reminder.user_id, claimed_at=now)
    if due:
        log.info("plans.reminded", due=len(due), sent=sent)
    return sent
