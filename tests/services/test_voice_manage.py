"""Test phrases, settings, the default voice, deleting, owner checks and pipeline options."""

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from core.project_options import VoiceChoice
from db.base import utcnow
from db.models import User, Voice, VoiceEngine, VoiceSample
from db.queries import voices
from pipeline.stages.voice import voice_params
from pipeline.voices.decode import decode_audio
from services import voice_drafts, voice_studio
from storage.disk import Storage

PARAMS = {
    "voice": "ru+f2",
    "variant": "f2",
    "language": "ru",
    "speed": 0.9,
    "pitch": 0.3,
    "stability": 0.5,
    "similarity": 0.75,
}


async def make_voice(
    session: AsyncSession, storage: Storage, user: User, sample: Path, name: str = "Mine"
) -> Voice:
    """A voice with one stored sample, without running the (slower) match."""
    await voice_drafts.add_voice_sample(session, storage, user.id, sample, mime=None)
    return await voices.create_voice(
        session,
        user.id,
        name=name,
        engine=VoiceEngine.ESPEAK,
        params=PARAMS,
        measured={},
        consent_at=utcnow(),
    )


async def test_speak_test_makes_a_voice_note(
    session: AsyncSession, storage: Storage, user: User, female_wav: Path
) -> None:
    voice = await make_voice(session, storage, user, female_wav)
    phrase = "Привет! Так звучит мой голос, когда я читаю сценарий нового ролика."
    out = await voice_studio.speak_test(session, storage, user.id, voice.id, phrase)
    assert out == storage.user_dir(user.id) / "voices" / str(voice.id) / "test.ogg"
    decoded = decode_audio(out)
    assert decoded.container == "ogg"
    assert decoded.codec == "opus"
    assert 3.0 < decoded.duration < 9.0
    assert [p.name for p in out.parent.iterdir()] == ["test.ogg"]  # no temp files left


@pytest.mark.parametrize("text", ["   ", "a" * 301])
async def test_speak_test_caps_the_phrase(
    session: AsyncSession, storage: Storage, user: User, female_wav: Path, text: str
) -> None:
    voice = await make_voice(session, storage, user, female_wav)
    with pytest.raises(DomainError) as caught:
        await voice_studio.speak_test(session, storage, user.id, voice.id, text)
    assert caught.value.key == "error-voice-test-phrase"
    assert caught.value.params["limit"] == 300


async def test_settings_are_validated_and_merged(
    session: AsyncSession, storage: Storage, user: User, female_wav: Path
) -> None:
    voice = await make_voice(session, storage, user, female_wav)
    updated = await voice_studio.update_voice_settings(
        session, user.id, voice.id, speed=1.25, stability=0.2
    )
    assert updated.params == {**PARAMS, "speed": 1.25, "stability": 0.2}
    for changes in ({"speed": 0.1}, {"pitch": 1.5}, {"similarity": -0.1}, {"speed": float("nan")}):
        with pytest.raises(DomainError) as caught:
            await voice_studio.update_voice_settings(session, user.id, voice.id, **changes)
        assert caught.value.key == "error-voice-setting-range"
        assert caught.value.params["setting"] in changes
    assert (await voice_studio.get_voice(session, user.id, voice.id)).params["speed"] == 1.25


async def test_default_voice_moves(
    session: AsyncSession, storage: Storage, user: User, female_wav: Path
) -> None:
    first = await make_voice(session, storage, user, female_wav, "First")
    second = await make_voice(session, storage, user, female_wav, "Second")
    await voice_studio.set_default_voice(session, user.id, first.id)
    await voice_studio.set_default_voice(session, user.id, second.id)
    assert (first.is_default, second.is_default) == (False, True)
    assert await voices.get_default_voice(session, user.id) is second


async def test_delete_removes_rows_then_files_with_its_commit(
    session: AsyncSession, storage: Storage, user: User, female_wav: Path
) -> None:
    voice = await make_voice(session, storage, user, female_wav)
    test_note = await voice_studio.speak_test(session, storage, user.id, voice.id, "Проверка.")
    (sample,) = await voices.list_voice_samples(session, voice.id, user.id)
    sample_file = storage.resolve(sample.path)
    voice_id = voice.id
    await voice_studio.delete_voice(session, storage, user.id, voice_id)
    count = select(func.count()).select_from(VoiceSample).where(VoiceSample.voice_id == voice_id)
    assert await session.scalar(count) == 0
    assert await voices.get_voice(session, voice_id, user.id) is None
    assert not sample_file.exists()
    assert not test_note.parent.exists()


async def test_another_users_voice_is_not_found(
    session: AsyncSession, storage: Storage, user: User, stranger: User, female_wav: Path
) -> None:
    voice = await make_voice(session, storage, user, female_wav)
    calls = [
        voice_studio.get_voice(session, stranger.id, voice.id),
        voice_studio.speak_test(session, storage, stranger.id, voice.id, "Привет"),
        voice_studio.update_voice_settings(session, stranger.id, voice.id, speed=1.0),
        voice_studio.set_default_voice(session, stranger.id, voice.id),
        voice_studio.delete_voice(session, storage, stranger.id, voice.id),
        voice_studio.get_voice(session, user.id, voice.id + 10**6),
    ]
    for call in calls:
        with pytest.raises(DomainError) as caught:
            await call
        assert caught.value.key == "error-not-found"
        assert caught.value.params == {"what": "voice"}
    assert await voice_studio.list_voices(session, stranger.id) == []
    assert await voices.get_voice(session, voice.id, user.id) is voice


async def test_voice_options_feed_the_voice_stage(
    session: AsyncSession, storage: Storage, user: User, female_wav: Path
) -> None:
    voice = await make_voice(session, storage, user, female_wav)
    options = voice_studio.voice_options(voice)
    assert options == {
        "engine": "espeak",
        "voice_id": voice.id,
        "name": "ru+f2",
        "speed": 0.9,
        "pitch": 0.3,
    }
    params, fixed_speed = voice_params(VoiceChoice.model_validate(options))
    # A studio voice sets the base speed; the stage still fits it to the target duration.
    assert (params.voice, params.speed, params.pitch, fixed_speed) == ("ru+f2", 0.9, 0.3, False)
    assert voice_studio.voice_options(voice, "en")["name"] == "en-us+f2"
