"""add_voice_sample: every bad recording gets its key; good ones are scored, stored, listed."""

import wave
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from db.models import User
from db.queries import voices
from pipeline.voices.quality import GOOD_SCORE, OK_SCORE
from services import voice_drafts
from storage.cleanup import remove_after_commit
from storage.disk import Storage


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("silence", "error-sample-silent"),
        ("short", "error-sample-too-short"),
        ("long", "error-sample-too-long"),
        ("text", "error-sample-not-audio"),
        ("truncated", "error-sample-corrupt"),
    ],
)
async def test_bad_recordings_are_refused_with_their_key(
    session: AsyncSession,
    storage: Storage,
    *,
    user: User,
    bad_audio: dict[str, Path],
    name: str,
    key: str,
) -> None:
    with pytest.raises(DomainError) as caught:
        await voice_drafts.add_voice_sample(session, storage, user.id, bad_audio[name], mime=None)
    assert caught.value.key == key
    assert await voice_drafts.list_draft_samples(session, user.id) == []
    assert not (storage.user_dir(user.id) / "voices").exists()


async def test_limits_are_in_the_messages(
    session: AsyncSession, storage: Storage, user: User, bad_audio: dict[str, Path]
) -> None:
    with pytest.raises(DomainError) as too_long:
        await voice_drafts.add_voice_sample(
            session, storage, user.id, bad_audio["long"], mime=None
        )
    assert too_long.value.params == {"seconds": 360, "limit_min": 5}
    assert "5 minutes" in str(too_long.value)
    with pytest.raises(DomainError) as too_short:
        await voice_drafts.add_voice_sample(
            session, storage, user.id, bad_audio["short"], mime=None
        )
    assert too_short.value.params == {"seconds": 2.0, "min_s": 3}


async def test_clean_speech_scores_ok_and_is_stored(
    session: AsyncSession, storage: Storage, user: User, female_wav: Path
) -> None:
    sample = await voice_drafts.add_voice_sample(
        session, storage, user.id, female_wav, mime="audio/x-wav"
    )
    assert sample.voice_id is None
    assert sample.reason == "sample-ok"
    assert sample.score >= OK_SCORE
    assert sample.path.startswith(f"users/{user.id}/voices/samples/")
    assert sample.path.endswith(".wav")
    stored = storage.resolve(sample.path)
    with wave.open(str(stored)) as kept, wave.open(str(female_wav)) as sent:
        # Our own WAV of the recording (never the file sent), at its own rate.
        assert kept.getparams()[:3] == (1, 2, sent.getframerate())
        assert kept.readframes(kept.getnframes()) == sent.readframes(sent.getnframes())
    assert 11 < sample.duration_s < 16
    metrics = sample.metrics
    assert metrics["speech_s"] > 10
    assert 250 < metrics["f0_median_hz"] < 320  # ru+f3 at pitch +0.6
    assert 5 < metrics["syllables_per_s"] < 9
    assert metrics["clipping"] == 0
    assert metrics["codec"] == "pcm_s16le"
    assert [s.id for s in await voice_drafts.list_draft_samples(session, user.id)] == [sample.id]


async def test_telegram_voice_note_is_accepted(
    session: AsyncSession, storage: Storage, user: User, voice_note: Path
) -> None:
    sample = await voice_drafts.add_voice_sample(
        session, storage, user.id, voice_note, mime="audio/ogg"
    )
    assert sample.reason == "sample-ok"
    assert sample.path.endswith(".wav")  # decoded from the note (48 kHz Opus)
    with wave.open(str(storage.resolve(sample.path))) as kept:
        assert (kept.getnchannels(), kept.getframerate()) == (1, 48000)
    assert sample.metrics["codec"] == "opus"
    assert 250 < sample.metrics["f0_median_hz"] < 320


async def test_scores_rank_good_above_damaged(
    session: AsyncSession,
    storage: Storage,
    user: User,
    female_wav: Path,
    damaged_copies: dict[str, Path],
) -> None:
    good = await voice_drafts.add_voice_sample(session, storage, user.id, female_wav, mime=None)
    expected = {"clipped": "sample-clipping", "noisy": "sample-noisy", "quiet": "sample-too-quiet"}
    for name, reason in expected.items():
        sample = await voice_drafts.add_voice_sample(
            session, storage, user.id, damaged_copies[name], mime=None
        )
        assert sample.reason == reason, name
        assert sample.score < GOOD_SCORE < good.score, name


async def test_draft_progress_counts_only_good_speech(
    session: AsyncSession,
    storage: Storage,
    user: User,
    female_wav: Path,
    damaged_copies: dict[str, Path],
) -> None:
    empty = await voice_drafts.get_draft_progress(session, user.id)
    assert (empty.samples, empty.speech_s, empty.missing_s, empty.ready) == (0, 0, 10, False)
    await voice_drafts.add_voice_sample(
        session, storage, user.id, damaged_copies["noisy"], mime=None
    )
    noisy_only = await voice_drafts.get_draft_progress(session, user.id)
    assert (noisy_only.samples, noisy_only.good_samples, noisy_only.missing_s) == (1, 0, 10)
    await voice_drafts.add_voice_sample(session, storage, user.id, female_wav, mime=None)
    ready = await voice_drafts.get_draft_progress(session, user.id)
    assert (ready.samples, ready.good_samples, ready.ready) == (2, 1, True)


async def test_discarding_the_draft_removes_files_with_its_commit(
    session: AsyncSession, storage: Storage, user: User, stranger: User, female_wav: Path
) -> None:
    mine = await voice_drafts.add_voice_sample(session, storage, user.id, female_wav, mime=None)
    theirs = await voice_drafts.add_voice_sample(
        session, storage, stranger.id, female_wav, mime=None
    )
    assert await voice_drafts.discard_draft_samples(session, storage, user.id) == 1
    assert await voice_drafts.list_draft_samples(session, user.id) == []
    assert not storage.resolve(mine.path).exists()
    assert storage.resolve(theirs.path).is_file()
    assert len(await voice_drafts.list_draft_samples(session, stranger.id)) == 1


async def test_a_rollback_keeps_the_files(
    session: AsyncSession, storage: Storage, user: User, female_wav: Path
) -> None:
    """A delete that fails before its commit (ElevenLabs refusing, the database) keeps the
    files of the rows the rollback brings back."""
    user_id = user.id  # the rollback expires the loaded rows
    sample = await voice_drafts.add_voice_sample(session, storage, user_id, female_wav, mime=None)
    path = storage.resolve(sample.path)
    remove_after_commit(session, storage, await voices.delete_draft_samples(session, user_id))
    await session.rollback()
    await session.commit()  # a later commit must not remove what the rollback brought back
    assert path.is_file()
    assert len(await voice_drafts.list_draft_samples(session, user_id)) == 1
