"""A voice as a job (services.voice_jobs), offline: the request is checked and committed
before its job is queued; a double request queues one job; the job makes the stock-voice
match, a re-run of the finished request does nothing; too little speech fails the request
with its message and keeps the samples."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.errors import DomainError
from core.ports import SilentNotifier, StudioJobState, StudioWork
from core.settings import Settings
from db.models import User, Voice, VoiceEngine, VoiceRequest
from db.queries import voices
from jobs.queue import LocalQueue
from jobs.runtime import build_job_ctx
from pipeline.wallet import Wallets
from services import voice_drafts, voice_jobs
from storage.disk import Storage


@pytest.fixture
async def held_queue(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[LocalQueue]:
    """A queue with no io slot: what is queued stays queued."""
    queue = LocalQueue(build_job_ctx(Settings(), sessionmaker, SilentNotifier()), io_concurrency=0)
    yield queue
    await queue.close()


async def _voices(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Voice)) or 0)


async def test_a_double_request_queues_one_job_and_the_job_makes_the_voice_once(
    *,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    user: User,
    female_wav: Path,
    held_queue: LocalQueue,
) -> None:
    await voice_drafts.add_voice_sample(session, storage, user.id, female_wav, mime=None)
    with pytest.raises(DomainError) as refused:
        await voice_jobs.request_voice(
            session, user.id, "Me", consent=False, language="ru", queue=held_queue
        )
    assert refused.value.key == "error-voice-consent-required"
    assert held_queue.tasks == {}

    first, queued = await voice_jobs.request_voice(
        session, user.id, "Me", consent=True, language="ru", queue=held_queue
    )
    again, queued_again = await voice_jobs.request_voice(
        session, user.id, "Me too", consent=True, language="ru", queue=held_queue
    )

    assert (queued, queued_again, again.id) == (True, False, first.id)
    assert list(held_queue.tasks) == [voice_jobs.voice_job_id(first.id)]
    assert await _voices(session) == 0  # nothing made before the job runs

    wallets = Wallets(sessionmaker, Settings())
    event = await voice_jobs.run_voice_request(session, storage, None, wallets, first.id)

    assert event is not None
    assert (event.work, event.state, event.entity_id) == (
        StudioWork.VOICE,
        StudioJobState.READY,
        first.id,
    )
    voice = await voices.get_voice(session, event.params["voice_id"], user.id)
    assert voice is not None
    assert (voice.name, voice.engine, voice.is_default) == ("Me", VoiceEngine.ESPEAK, True)
    assert first.voice_id == voice.id
    assert await voice_jobs.run_voice_request(session, storage, None, wallets, first.id) is None
    assert await _voices(session) == 1


async def test_too_little_speech_fails_the_request_and_keeps_the_samples(
    *,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    user: User,
    held_queue: LocalQueue,
) -> None:
    user_id = user.id  # the job's rollback expires the test session's rows
    request, _ = await voice_jobs.request_voice(
        session, user_id, "Me", consent=True, language="ru", queue=held_queue
    )  # no samples at all

    event = await voice_jobs.run_voice_request(
        session, storage, None, Wallets(sessionmaker, Settings()), request.id
    )

    assert event is not None
    assert event.state is StudioJobState.FAILED
    assert event.key.startswith("error-voice")
    row = await session.get(VoiceRequest, request.id)
    assert row is not None
    assert (row.state, row.error) == (StudioJobState.FAILED, event.key)
    assert await _voices(session) == 0
    _, queued = await voice_jobs.request_voice(
        session, user_id, "Me", consent=True, language="ru", queue=held_queue
    )
    assert queued  # a failed request is no longer pending: a new one queues
