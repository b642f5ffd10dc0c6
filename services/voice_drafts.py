"""Voice Studio drafts: recordings checked, measured and stored until they make a voice.

Each service that changes something commits once (a deleted row's files go right after).
"""

import asyncio
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import VoiceSample
from db.queries import voices
from pipeline.voices.cloud import VoiceCloud
from pipeline.voices.samples import (
    DraftProgress,
    draft_progress,
    measure_sample,
    sample_metrics,
    store_sample,
)
from storage.cleanup import remove_after_commit
from storage.disk import Storage
from storage.sync import push_files


async def add_voice_sample(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    source: Path,
    *,
    mime: str | None,
    name: str | None = None,
) -> VoiceSample:
    """Check, measure and store a recording as a draft sample of the user's next voice (as
    the WAV decoded from it, never the file itself). `name` is the file's name as the user
    knows it (default: the path's).

    Raises:
        SampleNotAudio, SampleCorrupt, SampleTooLong, SampleTooShort, SampleSilent.
    """
    measured = await asyncio.to_thread(measure_sample, source, name=name)
    stored = await asyncio.to_thread(store_sample, storage, user_id, measured)
    await push_files(storage, [stored.relpath])
    sample = await voices.add_sample(
        session,
        user_id,
        path=stored.relpath,
        duration_s=round(measured.clip.duration, 2),
        score=measured.quality.score,
        reason=measured.quality.reason,
        metrics=sample_metrics(measured, mime),
    )
    await session.commit()
    return sample


async def list_draft_samples(session: AsyncSession, user_id: int) -> Sequence[VoiceSample]:
    """The user's samples not yet used for a voice, oldest first."""
    return await voices.list_draft_samples(session, user_id)


async def get_draft_progress(
    session: AsyncSession, user_id: int, *, cloud: VoiceCloud | None = None
) -> DraftProgress:
    """How much clear speech the draft holds and how many seconds are still missing (for a
    clone at `cloud`, or offline for a stock-voice match)."""
    samples = await voices.list_draft_samples(session, user_id)
    if cloud is not None:
        return draft_progress(samples, cloud.min_speech_s)
    return draft_progress(samples)


async def discard_draft_samples(session: AsyncSession, storage: Storage, user_id: int) -> int:
    """Drop the user's draft samples; their files go after the commit. Returns how many."""
    paths = await voices.delete_draft_samples(session, user_id)
    remove_after_commit(session, storage, paths)
    await session.commit()
    return len(paths)
