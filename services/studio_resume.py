"""Studio jobs a restart may have lost: a request committed as queued or running whose job
is gone (an embedded process keeps its queue in memory; Redis may have been flushed).

Each is enqueued again under its own job ID, so one still queued, running or kept is
refused by the queue and nothing runs twice; a job that ran part-way makes only what is not
stored yet (services.variation_jobs, services.voice_jobs).
"""

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.ports import JobQueue
from db.queries import characters, voice_requests
from services.variation_jobs import MAKE_VARIATIONS, variations_job_id
from services.voice_jobs import CREATE_VOICE, voice_job_id

log = structlog.get_logger(__name__)


async def resume_studio_jobs(session: AsyncSession, *, queue: JobQueue) -> list[str]:
    """Enqueue every pending variations and voice request; return the job IDs newly queued."""
    queued: list[str] = []
    for character_id, user_id, attempt in await characters.list_pending_variations(session):
        job_id = variations_job_id(character_id, attempt)
        if await queue.enqueue(MAKE_VARIATIONS, character_id, job_id=job_id, owner=user_id):
            queued.append(job_id)
    for request_id, user_id in await voice_requests.list_pending_all(session):
        job_id = voice_job_id(request_id)
        if await queue.enqueue(CREATE_VOICE, request_id, job_id=job_id, owner=user_id):
            queued.append(job_id)
    if queued:
        log.info("studio.resumed", jobs=queued)
    return queued
