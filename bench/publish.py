"""Publish 20 Shorts to five emulated platforms (100 publications) and print one JSON line per
run: alone, then while a 30 s Short renders in the same process.

Everything is the product's: `services.publishing.publish_short` per Short (every account),
the `publish_post` job from the registry on the embedded LocalQueue (`JOBS__IO_CONCURRENCY`
slots, default 16; renders have their own slot), the registry's publishers and DbCredentials,
Instagram and TikTok pulling the file from the web app's signed URL. The emulators
(tests/platforms) run with their realistic latencies and processing times, and per-account
limits raised to 100 posts a day (one account per platform takes all 20); TikTok's rates per
minute (creator_info 20, status 30) stay, so some TikTok posts wait for the next minute and
the scheduler's tick (every 5 s here) sends them.

Keys: run, shorts, publications, wall_s (first publish_short to the last publication
final), publications_per_min, peak_uploads_in_flight (publish jobs running at once),
published, public_posts (each platform's ledger: 20 each), done_s_by_platform (when each
platform's last publication was final), and beside a render: render_beside_publishing_s (how
long the render kept encoding after publishing began) and render_s (the whole 30 s Short,
from its queueing to its end).

Run: `python -m bench.publish [--shorts 20] [--runs alone beside_render]`.
"""

import argparse
import asyncio
import json
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from core.enums import FINAL_PUBLICATION_STATES, Platform, ProjectStatus, PublicationState
from core.logs import configure_logging
from core.publisher_settings import PublishQuotaSettings
from core.settings import LogSettings
from db.models.publication import Publication
from db.queries import projects, users
from jobs.periodic import periodic_specs
from jobs.registry import JOB_SPECS, JobSpec
from pipeline.context import JobCtx
from services.production import enqueue_short, project_job_id
from services.projects import ProjectRequest, create_project
from services.publishing import PUBLISH_POST, publish_short
from tests.jobs.queue_support import RecordingNotifier
from tests.platforms.creator import DESCRIPTION
from tests.platforms.emulators import BENCH_POSTS
from tests.platforms.runtime import WorkerProcess, worker_process
from tests.platforms.world import publishing_world

POLL_S = 0.1
TIMEOUT_S = 900.0  # a run that has not finished by then is broken, not slow
RUNS = {"alone": False, "beside_render": True}
# What the emulators grant in realistic mode: the default counts (TikTok's 6 inits a minute,
# 15 posts a day) would rightly move most of the 20 to later windows.
BENCH_QUOTAS = PublishQuotaSettings(
    youtube_daily_uploads=BENCH_POSTS, instagram_daily_posts=BENCH_POSTS,
    tiktok_inits_per_minute=BENCH_POSTS, tiktok_daily_posts=BENCH_POSTS,
    x_daily_posts=BENCH_POSTS,
)  # fmt: skip


class InFlight:
    """Counts the publish jobs running at once."""

    def __init__(self) -> None:
        self.now = self.peak = 0

    def wrap(self, job: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
        async def counted(ctx: JobCtx, *ids: int) -> None:
            self.now += 1
            self.peak = max(self.peak, self.now)
            try:
                await job(ctx, *ids)
            finally:
                self.now -= 1

        return counted


def counted_specs(in_flight: InFlight) -> dict[str, JobSpec]:
    spec = JOB_SPECS[PUBLISH_POST]
    return {**JOB_SPECS, PUBLISH_POST: replace(spec, coroutine=in_flight.wrap(spec.coroutine))}


async def start_render(worker: WorkerProcess) -> str:
    """Queue a 30 s Short on the render queue; returns its job ID."""
    async with worker.sessionmaker() as session:
        user = await users.get_or_create_local_user(session, "en")
        request = ProjectRequest(topic="How octopuses sleep", language="en", duration=30.0)
        project = await create_project(session, worker.ctx["storage"], user.id, request)
        projects.set_project_state(project, ProjectStatus.QUEUED, stage=None)
        await session.commit()
    await enqueue_short(worker.queue, project.id, project.revision, user.id)
    return project_job_id(project.id, project.revision)


async def final_by_platform(worker: WorkerProcess) -> dict[Platform, int]:
    async with worker.sessionmaker() as session:
        query = (
            select(Publication.platform, func.count())
            .where(Publication.state.in_(FINAL_PUBLICATION_STATES))
            .group_by(Publication.platform)
        )
        return {platform: int(count) for platform, count in await session.execute(query)}


async def wait_until_final(
    worker: WorkerProcess, shorts: int, started: float, render_job: str | None
) -> tuple[dict[str, float], float | None]:
    """Seconds from `started` until each platform's publications were all final, and until
    the render ended (None: it still runs when publishing is done)."""
    done: dict[str, float] = {}
    render_end = None
    async with asyncio.timeout(TIMEOUT_S):
        while len(done) < len(Platform):
            now = time.perf_counter() - started
            for platform, count in (await final_by_platform(worker)).items():
                if count == shorts:
                    done.setdefault(platform.value, round(now, 2))
            if render_end is None and render_job and not await worker.queue.is_pending(render_job):
                render_end = round(now, 2)
            await asyncio.sleep(POLL_S)
    return done, render_end


async def measure(folder: Path, shorts: int, *, beside_render: bool) -> dict[str, Any]:
    notifier, in_flight = RecordingNotifier(), InFlight()
    async with publishing_world(folder, realistic=True, quotas=BENCH_QUOTAS) as world:
        made = [await world.add_short(f"Short number {n + 1}") for n in range(shorts)]
        async with worker_process(
            world.settings, notifier, specs=counted_specs(in_flight), queue_sleep=asyncio.sleep
        ) as worker:
            # As the embedded process does: the scheduler's tick queues what waited for a
            # platform's rate window (TikTok answers 20 creator_info queries a minute).
            worker.queue.start_periodic(periodic_specs(world.settings.jobs))
            render_job = render_started = None
            if beside_render:
                render_started = time.perf_counter()
                render_job = await start_render(worker)
                await notifier.rendering.wait()  # ffmpeg is encoding
            started = time.perf_counter()
            for n, short in enumerate(made):
                text = f"{DESCRIPTION} Part {n + 1}."  # X refuses a duplicate text
                async with worker.sessionmaker() as session:
                    await publish_short(
                        session, world.user_id, short,
                        world.choices(f"Short number {n + 1}", description=text),
                        when=None, queue=worker.queue,
                    )  # fmt: skip
            total = shorts * len(world.accounts)
            done, render_end = await wait_until_final(worker, shorts, started, render_job)
            wall_s = max(done.values())
            if render_job is not None:
                await worker.queue.join()  # the render finishes before the world goes
            render_s = None if render_started is None else time.perf_counter() - render_started
            async with worker.sessionmaker() as session:
                states = await session.scalars(select(Publication.state))
                published = sum(1 for state in states if state is PublicationState.PUBLISHED)
        posts = world.emulators.public_posts()
    figures: dict[str, Any] = {
        "run": "beside_render" if beside_render else "alone",
        "shorts": shorts,
        "publications": total,
        "wall_s": round(wall_s, 2),
        "publications_per_min": round(total / wall_s * 60, 1),
        "peak_uploads_in_flight": in_flight.peak,
        "published": published,
        "public_posts": {platform.value: count for platform, count in posts.items()},
    }
    figures["done_s_by_platform"] = done
    if beside_render:
        # How long the render kept encoding while the publications went out.
        figures["render_beside_publishing_s"] = wall_s if render_end is None else render_end
        figures["render_s"] = None if render_s is None else round(render_s, 1)
    return figures


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shorts", type=int, default=20)
    parser.add_argument("--runs", nargs="+", default=list(RUNS), choices=list(RUNS))
    args = parser.parse_args()
    configure_logging(LogSettings(level="WARNING"))  # stderr; stdout carries the figures
    for run in args.runs:
        with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
            figures = await measure(Path(tmp), args.shorts, beside_render=RUNS[run])
        print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
