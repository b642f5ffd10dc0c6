"""Periodic ticks: jobs that run every so often, in the arq workers or in embedded mode.

In arq each tick is a cron job whose job ID is the tick's time, so however many workers run,
one of them runs a given tick. In embedded mode (one process) each tick is an asyncio task
that sleeps `every_s` between passes (`run_every`).
"""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog

from core.ports import JobQueue
from core.settings import JobsSettings
from jobs.batch_reports import report_batches
from jobs.metrics_jobs import queue_metrics
from jobs.plan_reminders import REMIND_EVERY_S, remind_renewals
from jobs.publish_jobs import queue_publications
from jobs.reaper import reap_projects
from jobs.webhook_jobs import queue_webhooks
from jobs.weekly_digest import DIGEST_TICK_S, send_weekly_digests
from pipeline.context import JobCtx

log = structlog.get_logger(__name__)

# `async def verb_noun(ctx, queue) -> None`: one pass; it may queue jobs.
TickFn = Callable[[JobCtx, JobQueue], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class PeriodicSpec:
    """A job run every `every_s` seconds (in arq rounded to what a cron schedule can say:
    below a minute, the seconds of the minute that are multiples of `every_s`)."""

    name: str
    every_s: int
    coroutine: TickFn
    timeout_s: float = 300.0


def periodic_specs(settings: JobsSettings) -> tuple[PeriodicSpec, ...]:
    """Every periodic job, with its interval from the settings."""
    return (
        PeriodicSpec("reap_projects", settings.reaper_interval_s, reap_projects),
        PeriodicSpec("queue_publications", settings.scheduler_interval_s, queue_publications),
        PeriodicSpec("report_batches", settings.reaper_interval_s, report_batches),
        PeriodicSpec("remind_renewals", REMIND_EVERY_S, remind_renewals),
        PeriodicSpec("queue_webhooks", settings.scheduler_interval_s, queue_webhooks),
        PeriodicSpec("send_weekly_digests", DIGEST_TICK_S, send_weekly_digests),
        PeriodicSpec("queue_metrics", settings.metrics_interval_s, queue_metrics),
    )


async def run_every(
    spec: PeriodicSpec,
    ctx: JobCtx,
    queue: JobQueue,
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """`spec`'s pass every `every_s` until cancelled (embedded mode's tick task)."""
    while True:
        await sleep(spec.every_s)
        try:
            async with asyncio.timeout(spec.timeout_s):
                await spec.coroutine(ctx, queue)
        except Exception:  # one bad pass (the database away) must not end the next ones
            log.exception("periodic.failed", job=spec.name)
