"""What the person sees before a batch starts: how many Shorts, the estimated time and
cost (per provider and in total), and what their plan leaves this month."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.batch_options import BatchOptions
from core.settings import Settings
from services import plans, voice_studio
from services.batch_collector import BatchTopic
from services.batch_estimate import BatchEstimate, estimate_batch
from services.batches import apply_options
from services.plans import PlanStatus


@dataclass(frozen=True, slots=True)
class BatchPreview:
    count: int
    estimate: BatchEstimate
    workers: int
    status: PlanStatus


async def preview_batch(
    session: AsyncSession,
    user_id: int,
    topics: Sequence[BatchTopic],
    options: BatchOptions,
    *,
    settings: Settings,
    now: datetime,
    workers: int,
) -> BatchPreview:
    """The estimate for these topics with these settings (no check, nothing stored: the
    start checks the plan). `workers`: the render slots the batch can spread over."""
    made = apply_options(topics, options)
    engine = None
    if options.voice_id:
        engine = (await voice_studio.get_voice(session, user_id, options.voice_id)).engine.value
    estimate = await estimate_batch(
        session, count=len(made), durations=[float(t.duration) for t in made], options=options,
        settings=settings, workers=workers, voice_engine=engine,
    )  # fmt: skip
    status = await plans.plan_status(session, user_id, now=now)
    return BatchPreview(len(made), estimate, workers, status)
