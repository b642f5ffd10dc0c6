"""Batches: many Shorts from one list of topics with shared settings, made in parallel
across every render worker, each Short on its own (one failing never stops the others).

`start_batch` checks the plan (batches allowed, the size, the month's Shorts, taken for
every topic at once with the user's row locked), creates the batch and one queued project
per topic in ONE commit, then enqueues each project's job: a restart of every process
finds the batch and its projects where they were, and they resume like any Short.
"""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.batch_options import BatchOptions
from core.enums import ProjectOrigin, ProjectStatus
from core.errors import DomainError, NotFound
from core.ports import JobQueue
from core.settings import LimitsSettings
from db.models import Batch, Project
from db.queries import batches, projects
from services.batch_collector import BatchTopic
from services.plans import check_batch_size, claim_shorts, plan_of
from services.production import enqueue_short
from services.projects import ProjectRequest, create_project
from services.shorts import character_media, remembered_captions, voice_choice
from storage.disk import Storage


class BatchEmpty(DomainError):
    key = "error-batch-empty"
    template = "The batch has no topics."


class NothingToRetry(DomainError):
    key = "error-batch-nothing-to-retry"
    template = "No Short of this batch failed: there is nothing to make again."


@dataclass(frozen=True, slots=True)
class BatchItem:
    project_id: int
    index: int
    topic: str
    duration: float
    status: ProjectStatus
    error_key: str | None
    error: str | None = None  # the failure as the job logged it (its key's values are not kept)

    @property
    def done(self) -> bool:
        return self.status is ProjectStatus.DONE


def apply_options(topics: Sequence[BatchTopic], options: BatchOptions) -> list[BatchTopic]:
    """The shared choices on every topic, except what its own row set."""
    return [
        replace(
            topic,
            duration=topic.duration if "duration" in topic.overrides else options.duration,
            style=topic.style if "style" in topic.overrides else options.style,
            language=topic.language if "language" in topic.overrides else options.language,
        )
        for topic in topics
    ]


def listed_topics(texts: Sequence[str], options: BatchOptions) -> list[BatchTopic]:
    """A plain list of topics (the REST API's), each with the batch's shared choices; each
    is checked when its project is created, so one bad topic refuses the whole batch."""
    return [
        BatchTopic(
            line=number,
            topic=text,
            duration=options.duration,
            style=options.style,
            language=options.language,
        )
        for number, text in enumerate(texts, start=1)
    ]


async def start_batch(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    topics: Sequence[BatchTopic],
    options: BatchOptions,
    *,
    limits: LimitsSettings,
    queue: JobQueue,
    now: datetime,
    chat_id: int | None = None,
) -> Batch:
    """Queue one Short per topic; refused as a whole (nothing stored) when the plan has no
    batches, the list is over its size, or the month has not enough Shorts left.

    Raises:
        BatchEmpty, BatchNotInPlan, BatchTooLarge, ShortsQuotaReached, UserBlocked,
        NotFound (a voice or character that is not the user's), InvalidInput (a topic).
    """
    if not topics:
        raise BatchEmpty()
    check_batch_size(await plan_of(session, user_id, now=now), len(topics))
    plan = await claim_shorts(session, user_id, len(topics), limits=limits, now=now, batch=True)
    photos, logo = await character_media(session, storage, user_id, options.character_id)
    captions, counter = await remembered_captions(
        session, user_id, options.captions, options.scene_counter
    )
    options = options.model_copy(update={"captions": captions, "scene_counter": counter})
    voices: dict[str, dict[str, object]] = {}
    batch = await batches.create_batch(
        session, user_id, options, total=len(topics), chat_id=chat_id, now=now
    )
    made: list[Project] = []
    for index, topic in enumerate(apply_options(topics, options)):
        if topic.language not in voices:
            voices[topic.language] = await voice_choice(
                session, user_id, options.voice_id, topic.language
            )
        request = ProjectRequest(
            topic=topic.topic, language=topic.language, duration=float(topic.duration),
            style=topic.style, tone=options.tone, voice=voices[topic.language], photos=photos,
            logo=logo, character_id=options.character_id, images=options.pictures,
            origin=ProjectOrigin.BATCH, watermark=plan.watermark, captions=captions,
            scene_counter=counter,
        )  # fmt: skip
        project = await create_project(session, storage, user_id, request)
        project.batch_id, project.batch_index = batch.id, index
        projects.set_project_state(project, ProjectStatus.QUEUED, stage=None, progress=0.0)
        made.append(project)
        await asyncio.sleep(0)  # fifty copies of a character's photos: let others run
    await session.commit()
    for project in made:
        await enqueue_short(queue, project.id, project.revision, user_id, weight=plan.priority)
    return batch


async def get_batch(session: AsyncSession, user_id: int, batch_id: int) -> Batch:
    batch = await batches.get_owned_batch(session, user_id, batch_id)
    if batch is None:
        raise NotFound(what="batch")
    return batch


async def get_system_batch(session: AsyncSession, batch_id: int) -> Batch:
    """Any user's batch, for the jobs' reports (which act for the system)."""
    batch = await batches.get_batch(session, batch_id)
    if batch is None:
        raise NotFound(what="batch")
    return batch


async def batch_items(session: AsyncSession, user_id: int, batch_id: int) -> list[BatchItem]:
    """The batch's Shorts in the order of its list (owner-checked)."""
    batch = await get_batch(session, user_id, batch_id)
    return await system_batch_items(session, batch.id)


async def system_batch_items(session: AsyncSession, batch_id: int) -> list[BatchItem]:
    return [
        BatchItem(
            p.id, p.batch_index or 0, p.topic, p.target_duration, p.status, p.error_key, p.error
        )
        for p in await batches.batch_projects(session, batch_id)
    ]


async def retry_failed(
    session: AsyncSession,
    user_id: int,
    batch_id: int,
    *,
    limits: LimitsSettings,
    queue: JobQueue,
    now: datetime,
) -> int:
    """Make the batch's failed Shorts again from where each stopped; return how many.

    Raises NotFound (not the user's batch), NothingToRetry, ShortsQuotaReached.
    """
    batch = await get_batch(session, user_id, batch_id)
    failed = [
        p for p in await batches.batch_projects(session, batch.id)
        if p.status in (ProjectStatus.FAILED, ProjectStatus.CANCELLED)
    ]  # fmt: skip
    if not failed:
        raise NothingToRetry()
    plan = await claim_shorts(session, user_id, len(failed), limits=limits, now=now, batch=True)
    for project in failed:
        project.revision += 1
        project.attempts = 0
        projects.set_project_state(project, ProjectStatus.QUEUED, stage=None, progress=0.0)
    await batches.reopen(session, batch)
    await session.commit()
    for project in failed:
        await enqueue_short(queue, project.id, project.revision, user_id, weight=plan.priority)
    return len(failed)


@dataclass(frozen=True, slots=True)
class BatchProgress:
    batch: Batch
    counts: batches.BatchCounts
    eta_s: float | None  # None: nothing finished yet to measure by, or complete
    completed_now: bool  # this call marked the batch done


async def batch_progress(session: AsyncSession, batch_id: int, *, now: datetime) -> BatchProgress:
    """Where the batch is, for its one progress message (jobs report for the system: no
    owner check). A batch whose Shorts are all done or failed is marked done here, once.
    The ETA is the time per finished Short so far times the Shorts left (the workers'
    parallelism is in the measured pace)."""
    batch = await batches.get_batch(session, batch_id)
    if batch is None:
        raise NotFound(what="batch")
    counts = await batches.count_batch(session, batch)
    completed_now = counts.complete and await batches.mark_done(session, batch.id, now)
    if completed_now:
        await session.commit()
        await session.refresh(batch)
    eta = None
    if not counts.complete and counts.finished and batch.started_at is not None:
        pace = (now - batch.started_at).total_seconds() / counts.finished
        eta = pace * (counts.total - counts.finished)
    return BatchProgress(batch, counts, eta, completed_now)
