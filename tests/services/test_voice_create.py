"""create_voice: consent and enough speech first, then an honest stock-voice match."""

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from studio_media import read_wav, write_wav

from core.errors import DomainError
from db.models import User, VoiceEngine
from db.queries import voices
from services import voice_drafts, voice_studio
from storage.disk import Storage


async def test_consent_is_required(
    session: AsyncSession, storage: Storage, user: User, female_wav: Path
) -> None:
    await voice_drafts.add_voice_sample(session, storage, user.id, female_wav, mime=None)
    with pytest.raises(DomainError) as caught:
        await voice_studio.create_voice(session, storage, user.id, "Me", consent=False)
    assert caught.value.key == "error-voice-consent-required"
    assert await voice_studio.list_voices(session, user.id) == []


@pytest.mark.parametrize(
    ("name", "key"), [("", "error-voice-name"), ("x" * 65, "error-voice-name")]
)
async def test_name_is_checked(
    session: AsyncSession, storage: Storage, user: User, name: str, key: str
) -> None:
    with pytest.raises(DomainError) as caught:
        await voice_studio.create_voice(session, storage, user.id, name, consent=True)
    assert caught.value.key == key


async def test_language_must_be_spoken(
    session: AsyncSession, storage: Storage, user: User
) -> None:
    with pytest.raises(DomainError) as caught:
        await voice_studio.create_voice(
            session, storage, user.id, "Me", consent=True, language="de"
        )
    assert caught.value.key == "error-unsupported-language"


async def test_too_little_speech_says_how_much_more(
    session: AsyncSession, storage: Storage, user: User, bad_audio: dict[str, Path]
) -> None:
    with pytest.raises(DomainError) as none_yet:
        await voice_studio.create_voice(session, storage, user.id, "Me", consent=True)
    assert none_yet.value.key == "error-voice-not-enough-speech"
    assert none_yet.value.params == {"have_s": 0, "need_s": 10, "min_s": 10}


async def test_short_good_sample_leaves_a_remainder(
    session: AsyncSession, storage: Storage, user: User, female_wav: Path, media: Path
) -> None:
    rate, speech = read_wav(female_wav)
    clip = write_wav(media / "five_seconds.wav", rate, speech[: round(5.5 * rate)])
    sample = await voice_drafts.add_voice_sample(session, storage, user.id, clip, mime=None)
    have = sample.metrics["speech_s"]
    with pytest.raises(DomainError) as caught:
        await voice_studio.create_voice(session, storage, user.id, "Me", consent=True)
    params = caught.value.params
    assert params["have_s"] == pytest.approx(have, abs=0.1)
    assert params["need_s"] == pytest.approx(10 - have, abs=1)
    assert f"about {params['need_s']} s more" in str(caught.value)


@pytest.mark.parametrize(("family", "f0_range"), [("female", (240, 330)), ("male", (65, 110))])
async def test_voice_matches_the_family_and_pitch(
    session: AsyncSession,
    storage: Storage,
    *,
    user: User,
    female_wav: Path,
    male_wav: Path,
    family: str,
    f0_range: tuple[float, float],
) -> None:
    source = female_wav if family == "female" else male_wav
    sample = await voice_drafts.add_voice_sample(session, storage, user.id, source, mime=None)
    voice = await voice_studio.create_voice(session, storage, user.id, " My  voice ", consent=True)

    assert voice.name == "My voice"
    assert voice.engine is VoiceEngine.ESPEAK
    assert voice.consent_at is not None
    assert voice.is_default  # the first voice
    measured, match = voice.measured, voice.measured["match"]
    assert measured["kind"] == "stock-match"
    assert f0_range[0] < measured["f0_median_hz"] < f0_range[1]
    assert match["family"] == family
    assert voice.params["voice"] == match["voice"]
    assert voice.params["voice"].startswith(f"ru+{family[0]}")
    assert abs(match["pitch_error_cents"]) < 100  # within a semitone of the samples
    assert abs(match["rate_error_pct"]) < 20
    assert match["closeness"] > 0.6
    assert 0.5 <= voice.params["speed"] <= 2.0
    assert -1.0 <= voice.params["pitch"] <= 1.0
    assert (voice.params["stability"], voice.params["similarity"]) == (0.5, 0.75)
    # The draft moved to the voice.
    assert await voice_drafts.list_draft_samples(session, user.id) == []
    moved = await voices.list_voice_samples(session, voice.id, user.id)
    assert [s.id for s in moved] == [sample.id]


async def test_the_same_source_matches_its_own_variant(
    session: AsyncSession, storage: Storage, user: User, female_wav: Path, voice_note: Path
) -> None:
    """Speech from ru+f3 at pitch +0.6, as a WAV and as a voice note, comes back as ru+f3."""
    await voice_drafts.add_voice_sample(session, storage, user.id, female_wav, mime=None)
    await voice_drafts.add_voice_sample(session, storage, user.id, voice_note, mime="audio/ogg")
    voice = await voice_studio.create_voice(session, storage, user.id, "Twin", consent=True)
    assert voice.params["voice"] == "ru+f3"
    assert voice.params["pitch"] == pytest.approx(0.6, abs=0.15)
    assert voice.params["speed"] == pytest.approx(1.0, abs=0.15)
    assert voice.measured["samples_used"] == 2


async def test_second_voice_does_not_steal_the_default(
    session: AsyncSession, storage: Storage, user: User, female_wav: Path, male_wav: Path
) -> None:
    await voice_drafts.add_voice_sample(session, storage, user.id, female_wav, mime=None)
    first = await voice_studio.create_voice(session, storage, user.id, "First", consent=True)
    await voice_drafts.add_voice_sample(session, storage, user.id, male_wav, mime=None)
    second = await voice_studio.create_voice(session, storage, user.id, "Second", consent=True)
    assert (first.is_default, second.is_default) == (True, False)
    listed = await voice_studio.list_voices(session, user.id)
    assert [v.id for v in listed] == [first.id, second.id]
