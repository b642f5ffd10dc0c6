"""How long a batch will take and what it will cost, shown before it starts.

Time: the median processing seconds per second of video of the last Shorts made on this
install (their stages' timed runs), times the batch's video seconds, divided among the
render workers. Without history a typical speed is assumed and `measured` says so.
Cost: the configured providers' prices (services.batch_costs), plus, when the ledger has
them, what recent Shorts actually cost per provider.
"""

import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from db.queries import batch_history
from services.batch_costs import short_costs

# Seconds of work per second of video when nothing was made here yet: the README's render
# bench measured 0.41-0.53 end to end with offline providers on the 2-core build machine.
DEFAULT_WORK_PER_VIDEO_S = 0.6
HISTORY = 20  # recent Shorts the speed and the spend are measured on
MICRO = Decimal("0.000001")


class EstimateOptions(Protocol):
    """The batch's shared choices that change its cost (core.batch_options.BatchOptions)."""

    @property
    def language(self) -> str: ...
    @property
    def style(self) -> str: ...
    @property
    def tone(self) -> str: ...
    @property
    def pictures(self) -> str: ...


@dataclass(frozen=True, slots=True)
class BatchEstimate:
    count: int
    seconds: float  # wall time, all workers together
    measured: bool  # the speed is this install's (False: the typical default)
    work_per_video_s: float  # the speed used: seconds of work per second of video
    history: int  # Shorts it was measured on (0 when not measured)
    per_provider_usd: Mapping[str, Decimal]  # paid providers only, whole batch
    total_usd: Decimal
    # What recent Shorts really cost on average, by provider (the ledger; empty without).
    recent_per_short_usd: Mapping[str, Decimal]


async def _speed(session: AsyncSession) -> tuple[float, bool, list[int]]:
    made = await batch_history.recent_made_shorts(session, HISTORY)
    if not made:
        return DEFAULT_WORK_PER_VIDEO_S, False, []
    ratio = statistics.median(short.work_s / short.video_s for short in made)
    return ratio, True, [short.project_id for short in made]


async def measured_speed(session: AsyncSession) -> float | None:
    """This install's seconds of work per second of video (None: nothing timed yet)."""
    speed, measured, _ = await _speed(session)
    return speed if measured else None


class SpeedMemo:
    """`measured_speed`, read again at most every `ttl_s`: it moves only as Shorts finish,
    and a client polling a status every second would otherwise rerun its query each time."""

    def __init__(self, ttl_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl_s, self._clock = ttl_s, clock
        self._speed: float | None = None
        self._read_at: float | None = None

    async def speed(self, session: AsyncSession) -> float | None:
        now = self._clock()
        if self._read_at is None or now - self._read_at >= self._ttl_s:
            self._speed, self._read_at = await measured_speed(session), now
        return self._speed


async def recent_cost_per_short(
    session: AsyncSession, project_ids: list[int]
) -> dict[str, Decimal]:
    if not project_ids:
        return {}
    spent = await batch_history.spend_by_provider(session, project_ids)
    return {name: (cost / len(project_ids)).quantize(MICRO) for name, cost in spent.items()}


def wall_seconds(work: Sequence[float], workers: int) -> float:
    """Items spread over `workers` at once: never less than the longest single one."""
    if not work:
        return 0.0
    return max(sum(work) / max(workers, 1), *work)


async def estimate_batch(
    session: AsyncSession,
    *,
    count: int,
    durations: Sequence[float],
    options: EstimateOptions,
    settings: Settings,
    workers: int,
    voice_engine: str | None = None,
) -> BatchEstimate:
    """The estimate for `count` Shorts of `durations` (one per Short, in seconds).

    `workers` is the render slots of every worker process (render_concurrency x processes);
    `voice_engine` is the engine of the batch's studio voice (None: the configured TTS).
    """
    if len(durations) != count:
        raise ValueError(f"{count} Shorts need {count} durations, not {len(durations)}")
    speed, measured, project_ids = await _speed(session)
    per_provider: dict[str, Decimal] = {}
    for seconds in durations:
        costs = short_costs(
            settings.providers,
            language=options.language,
            seconds=float(seconds),
            style=options.style,
            tone=options.tone,
            pictures=options.pictures,
            voice_engine=voice_engine,
        )
        for provider, cost in costs.items():
            per_provider[provider] = per_provider.get(provider, Decimal(0)) + cost
    per_provider = {name: cost.quantize(MICRO) for name, cost in sorted(per_provider.items())}
    return BatchEstimate(
        count=count,
        seconds=round(wall_seconds([speed * float(s) for s in durations], workers), 1),
        measured=measured,
        work_per_video_s=round(speed, 4),
        history=len(project_ids),
        per_provider_usd=per_provider,
        total_usd=sum(per_provider.values(), Decimal(0)).quantize(MICRO),
        recent_per_short_usd=await recent_cost_per_short(session, project_ids),
    )
