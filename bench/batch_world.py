"""What `bench.batch` measures with: a notifier that keeps when each project started and
ended, the two users (A with a batch plan, B a single creator), their topics and B's
single Short from request to preview."""

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.plans import PlanCode
from core.ports import SilentNotifier, StageProgress
from db.queries import users
from jobs.local_queue import LocalQueue
from pipeline.context import JobCtx
from services.projects import ProjectRequest
from services.shorts import submit_project

SUBJECTS = (
    "octopuses", "bridges", "coffee", "volcanoes", "honey bees", "glaciers", "owls",
    "lighthouses", "bamboo", "comets", "sourdough", "tides", "crows", "deserts", "fireflies",
    "maps", "salt", "whales", "clocks", "mushrooms",
)  # fmt: skip
ANGLES = ("How {} work", "Why {} matter", "Five facts about {}")


def topics(count: int, prefix: str) -> list[str]:
    """Distinct topics (nothing cached from one Short helps the next)."""
    return [
        f"{prefix} {n + 1}: "
        + ANGLES[n // len(SUBJECTS) % len(ANGLES)].format(SUBJECTS[n % len(SUBJECTS)])
        for n in range(count)
    ]


class TimedNotifier(SilentNotifier):
    """Keeps, per project, when its job first reported (it had a render slot) and when it
    ended: `finished` is when the bot would send the preview."""

    def __init__(self) -> None:
        self.started: dict[int, float] = {}
        self.ended: dict[int, float] = {}
        self.failures: dict[int, str] = {}
        self._events: dict[int, asyncio.Event] = {}

    def _event(self, project_id: int) -> asyncio.Event:
        return self._events.setdefault(project_id, asyncio.Event())

    async def progress(self, update: StageProgress) -> None:
        self.started.setdefault(update.project_id, time.perf_counter())

    async def finished(self, project_id: int) -> bool:
        self.ended[project_id] = time.perf_counter()
        self._event(project_id).set()
        return True

    async def failed(self, project_id: int, key: str, params: Mapping[str, Any]) -> None:
        self.ended[project_id] = time.perf_counter()
        self.failures[project_id] = key
        self._event(project_id).set()

    async def wait(self, project_id: int) -> float:
        """When the project ended (done or failed)."""
        await self._event(project_id).wait()
        return self.ended[project_id]


async def make_user(
    sessionmaker: async_sessionmaker[AsyncSession], telegram_id: int, plan: PlanCode
) -> int:
    async with sessionmaker() as session:
        user = await users.get_or_create_user(session, telegram_id, f"bench {plan.value}", "en")
        user.plan = plan
        await session.commit()
        return user.id


@dataclass(frozen=True, slots=True)
class Single:
    """One of B's Shorts: `requested`, `started` (its job had a render slot) and `ended`
    (the preview), on the perf_counter clock."""

    requested: float
    started: float
    ended: float
    failed: bool

    @property
    def total_s(self) -> float:
        return self.ended - self.requested

    def as_dict(self, ahead: int | None = None) -> dict[str, Any]:
        """`ahead`: the batch's Shorts that got a slot while this one waited."""
        figures: dict[str, Any] = {
            "s": round(self.total_s, 2),
            "wait_s": round(self.started - self.requested, 2),
        }
        return figures if ahead is None else {**figures, "ahead": ahead}


@dataclass(frozen=True, slots=True)
class SingleUser:
    """B: asks for one Short at a time, as New Short's Create does."""

    ctx: JobCtx
    queue: LocalQueue
    notifier: TimedNotifier
    user_id: int
    duration: float

    async def short(self, topic: str) -> Single:
        """Ask for one Short and wait for its preview."""
        ctx, notifier = self.ctx, self.notifier
        requested = time.perf_counter()
        async with ctx["sessionmaker"]() as session:
            request = ProjectRequest(topic=topic, language="en", duration=self.duration)
            project = await submit_project(
                session, ctx["storage"], self.user_id, request,
                limits=ctx["settings"].limits, queue=self.queue,
            )  # fmt: skip
        ended = await notifier.wait(project.id)
        started = notifier.started.get(project.id, ended)
        return Single(requested, started, ended, project.id in notifier.failures)
