"""A voice from recordings sent together (the REST API's clone), queued as the bot queues one.

Every recording is decoded, measured and scored before anything is kept, so one file that is
not usable audio refuses the whole request with nothing stored. The good ones join the draft
(the same draft the bot fills: samples recorded in the chat count too), and must hold enough
clear speech, before `voice_jobs.request_voice` commits them with the request and queues it.
"""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError, InvalidInput, NotFound
from core.ports import JobQueue
from db.base import utcnow
from db.models import VoiceRequest
from db.queries import voice_requests, voices
from pipeline.voices.cloning import CLONE_COST_USD, CLONE_USAGE_PROVIDER
from pipeline.voices.cloud import VoiceCloud
from pipeline.voices.errors import ConsentRequired, NotEnoughSpeech
from pipeline.voices.samples import (
    MIN_SPEECH_S,
    draft_progress,
    measure_sample,
    sample_metrics,
    store_sample,
)
from pipeline.voices.settings import check_name
from pipeline.wallet import Wallet
from services.plans import check_voice_slot
from services.voice_jobs import request_voice
from storage.disk import Storage
from storage.sync import delete_later, push_files

MAX_RECORDINGS = 5


class NoRecordings(InvalidInput):
    key = "error-voice-no-recordings"
    template = "Send 1 to {limit} recordings of the voice."


class VoiceBeingMade(DomainError):
    key = "error-voice-being-made"
    template = "A voice is already being made; wait until it is ready, then send the next."


@dataclass(frozen=True, slots=True)
class Recording:
    path: Path
    name: str  # as the user knows it, named in errors
    mime: str | None


async def clone_from_recordings(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    recordings: Sequence[Recording],
    *,
    name: str,
    consent: bool,
    language: str,
    queue: JobQueue,
    cloud: VoiceCloud | None = None,
    wallet: Wallet | None = None,
) -> VoiceRequest:
    """Keep the recordings as draft samples and queue the voice made from the draft.

    Raises VoiceNameInvalid, ConsentRequired, NoRecordings, PlanLimitReached, VoiceBeingMade,
    DailySpendExceeded, SampleNotAudio / SampleCorrupt / SampleTooLong / SampleTooShort /
    SampleSilent (naming the file), NotEnoughSpeech: each before anything is kept.
    """
    name = check_name(name)
    if not consent:
        raise ConsentRequired
    if not 1 <= len(recordings) <= MAX_RECORDINGS:
        raise NoRecordings(limit=MAX_RECORDINGS)
    await check_voice_slot(session, user_id, now=utcnow())
    if await voice_requests.get_pending(session, user_id) is not None:
        raise VoiceBeingMade
    if cloud is not None and wallet is not None:
        await wallet.check(CLONE_USAGE_PROVIDER, CLONE_COST_USD)
    measured = [
        await asyncio.to_thread(measure_sample, recording.path, name=recording.name)
        for recording in recordings
    ]
    kept: list[str] = []
    try:
        for recording, sample in zip(recordings, measured, strict=True):
            stored = await asyncio.to_thread(store_sample, storage, user_id, sample)
            kept.append(stored.relpath)
            await voices.add_sample(
                session, user_id, path=stored.relpath, duration_s=round(sample.clip.duration, 2),
                score=sample.quality.score, reason=sample.quality.reason,
                metrics=sample_metrics(sample, recording.mime),
            )  # fmt: skip
        need = cloud.min_speech_s if cloud is not None else MIN_SPEECH_S
        progress = draft_progress(await voices.list_draft_samples(session, user_id), need)
        if not progress.ready:
            raise NotEnoughSpeech(
                have_s=progress.speech_s, need_s=progress.missing_s, min_s=round(need)
            )
        await push_files(storage, kept)
    except BaseException:
        await session.rollback()
        delete_later(storage, set(kept), [])
        raise
    request, _ = await request_voice(
        session, user_id, name, consent=True, language=language, queue=queue, cloud=cloud,
        wallet=wallet,
    )  # fmt: skip
    return request


async def get_voice_request(session: AsyncSession, user_id: int, request_id: int) -> VoiceRequest:
    """The user's voice request. Raises NotFound, also for another user's."""
    request = await voice_requests.get_for_job(session, request_id)
    if request is None or request.user_id != user_id:
        raise NotFound(what="voice request")
    return request
