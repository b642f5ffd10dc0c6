"""Voices and their samples; a sample without a voice belongs to the user's draft."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Voice, VoiceEngine, VoiceSample


async def add_sample(
    session: AsyncSession,
    user_id: int,
    *,
    path: str,
    duration_s: float,
    score: float,
    reason: str,
    metrics: dict[str, Any],
) -> VoiceSample:
    """Add a draft sample (no voice yet) and flush it. `path` is relative to the storage root."""
    sample = VoiceSample(
        user_id=user_id,
        voice_id=None,
        path=path,
        duration_s=duration_s,
        score=score,
        reason=reason,
        metrics=dict(metrics),
    )
    session.add(sample)
    await session.flush()
    return sample


async def list_draft_samples(session: AsyncSession, user_id: int) -> Sequence[VoiceSample]:
    """Return the user's samples that belong to no voice yet, oldest first."""
    statement = (
        select(VoiceSample)
        .where(VoiceSample.user_id == user_id, VoiceSample.voice_id.is_(None))
        .order_by(VoiceSample.id)
    )
    return (await session.scalars(statement)).all()


async def list_voice_samples(
    session: AsyncSession, voice_id: int, user_id: int
) -> Sequence[VoiceSample]:
    """Return the samples of the user's voice, oldest first (none for another user's voice)."""
    statement = (
        select(VoiceSample)
        .where(VoiceSample.voice_id == voice_id, VoiceSample.user_id == user_id)
        .order_by(VoiceSample.id)
    )
    return (await session.scalars(statement)).all()


async def delete_draft_samples(session: AsyncSession, user_id: int) -> list[str]:
    """Delete the user's draft samples; return their paths (the caller removes the files)."""
    draft = (VoiceSample.user_id == user_id) & VoiceSample.voice_id.is_(None)
    paths = (await session.scalars(select(VoiceSample.path).where(draft))).all()
    await session.execute(delete(VoiceSample).where(draft))
    return list(paths)


async def create_voice(
    session: AsyncSession,
    user_id: int,
    *,
    name: str,
    engine: VoiceEngine,
    params: dict[str, Any],
    measured: dict[str, Any],
    consent_at: datetime | None,
    provider_voice_id: str | None = None,
) -> Voice:
    """Add a voice, move the user's draft samples to it and flush."""
    voice = Voice(
        user_id=user_id,
        name=name,
        engine=engine,
        provider_voice_id=provider_voice_id,
        params=dict(params),
        measured=dict(measured),
        consent_at=consent_at,
        is_default=False,
    )
    session.add(voice)
    await session.flush()
    await session.execute(
        update(VoiceSample)
        .where(VoiceSample.user_id == user_id, VoiceSample.voice_id.is_(None))
        .values(voice_id=voice.id)
    )
    return voice


async def get_voice(session: AsyncSession, voice_id: int, user_id: int) -> Voice | None:
    """Return the user's voice with this ID, or None (also for another user's voice)."""
    return await session.scalar(
        select(Voice).where(Voice.id == voice_id, Voice.user_id == user_id)
    )


async def list_voices(session: AsyncSession, user_id: int) -> Sequence[Voice]:
    """Return the user's voices: the default first, then oldest first."""
    statement = (
        select(Voice).where(Voice.user_id == user_id).order_by(Voice.is_default.desc(), Voice.id)
    )
    return (await session.scalars(statement)).all()


async def get_default_voice(session: AsyncSession, user_id: int) -> Voice | None:
    """Return the user's default voice, or None."""
    return await session.scalar(select(Voice).where(Voice.user_id == user_id, Voice.is_default))


async def set_default_voice(session: AsyncSession, voice: Voice) -> None:
    """Make `voice` its user's only default (the old default is cleared first)."""
    await session.execute(
        update(Voice)
        .where(Voice.user_id == voice.user_id, Voice.is_default, Voice.id != voice.id)
        .values(is_default=False)
    )
    voice.is_default = True
    await session.flush()


async def delete_voice(session: AsyncSession, voice: Voice) -> list[str]:
    """Delete the voice and its samples; return the sample paths (the caller removes files)."""
    where = VoiceSample.voice_id == voice.id
    paths = (await session.scalars(select(VoiceSample.path).where(where))).all()
    # Samples first and explicitly, so the session forgets them too.
    await session.execute(delete(VoiceSample).where(where))
    await session.delete(voice)
    await session.flush()
    return list(paths)
