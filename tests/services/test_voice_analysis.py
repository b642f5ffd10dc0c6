"""The measuring parts on synthetic signals with known answers, and the edge cases."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession
from studio_media import write_wav

from core.errors import DomainError
from db.base import utcnow
from db.models import User, VoiceEngine
from db.queries import voices
from pipeline.voices.decode import decode_audio
from pipeline.voices.errors import SampleNotAudio
from pipeline.voices.levels import frame_db, measure_levels
from pipeline.voices.match import closeness, family_for, pitch_setting
from pipeline.voices.pitch import track_pitch
from pipeline.voices.rate import count_nuclei
from pipeline.voices.timbre import mean_mfcc
from services import voice_drafts, voice_studio
from storage.disk import Storage

RATE = 16_000


def harmonic_tone(f0: float, seconds: float) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    harmonics = [0.3 / k * np.sin(2 * np.pi * k * f0 * t) for k in range(1, 6)]
    tone: np.ndarray = np.sum(harmonics, axis=0)
    return tone


@pytest.mark.parametrize("f0", [85.0, 120.0, 220.0, 310.0])
def test_pitch_tracker_finds_a_known_f0(f0: float) -> None:
    track = track_pitch(harmonic_tone(f0, 1.0), RATE)
    assert track.voiced.size > 80
    assert np.median(track.voiced) == pytest.approx(f0, rel=0.01)


def test_white_noise_has_no_pitch() -> None:
    noise = np.random.default_rng(3).normal(0, 0.1, RATE)
    assert track_pitch(noise, RATE).voiced.size < 5


def test_syllable_count_of_five_bumps_a_second() -> None:
    t = np.arange(4 * RATE) / RATE
    envelope = np.sin(np.pi * 5 * t) ** 2  # 20 loudness bumps in 4 s
    signal = harmonic_tone(150.0, 4.0) * envelope
    levels = measure_levels(signal, RATE)
    nuclei = count_nuclei(frame_db(signal), levels.speech)
    assert nuclei == pytest.approx(20, abs=1)


def test_tiny_inputs_do_not_break_the_measures() -> None:
    tiny = np.full(100, 0.1)
    assert frame_db(tiny).shape == (1,)
    assert track_pitch(tiny, RATE).f0.size == 0
    assert np.all(mean_mfcc(tiny, RATE, np.ones(1, dtype=bool)) == 0)


def test_match_helpers() -> None:
    assert (family_for(120.0), family_for(160.0), family_for(230.0)) == (
        "male",
        "female",
        "female",
    )
    curve = (100.0, 120.0, 150.0, 190.0, 240.0)
    assert pitch_setting(curve, 150.0) == 0.0
    assert pitch_setting(curve, 50.0) == -1.0  # clamped at the lowest setting
    assert pitch_setting(curve, 400.0) == 1.0
    assert closeness(0.0, 0.0, 4.0) == 1.0
    assert closeness(700.0, 0.0, 4.0) == 0.0
    assert closeness(0.0, 10.0, 14.0) == pytest.approx(0.8 * 0.5)


def test_a_picture_is_not_audio(tmp_path: Path) -> None:
    picture = tmp_path / "voice.mp3"
    Image.new("RGB", (32, 32), "red").save(picture, format="JPEG")
    with pytest.raises(SampleNotAudio):
        decode_audio(picture)


async def test_whisper_like_noise_has_no_pitch_to_match(
    session: AsyncSession, storage: Storage, user: User, tmp_path: Path
) -> None:
    """Noise bursts score like speech (loud, clean pauses) but carry no voice pitch."""
    rng = np.random.default_rng(5)
    t = np.arange(16 * RATE) / RATE
    bursts = np.where((t % 0.3) < 0.22, rng.normal(0, 0.1, t.size), 0.0)
    path = write_wav(tmp_path / "whisper.wav", RATE, bursts)
    sample = await voice_drafts.add_voice_sample(session, storage, user.id, path, mime=None)
    assert sample.score >= 0.5
    assert sample.metrics["f0_median_hz"] is None
    with pytest.raises(DomainError) as caught:
        await voice_studio.create_voice(session, storage, user.id, "Whisper", consent=True)
    assert caught.value.key == "error-voice-pitch-unclear"


async def test_cloud_voices_cannot_speak_offline(
    session: AsyncSession, storage: Storage, user: User
) -> None:
    voice = await voices.create_voice(
        session,
        user.id,
        name="Clone",
        engine=VoiceEngine.ELEVENLABS,
        params={"voice": "abc", "language": "ru", "speed": 1.0, "pitch": 0.0},
        measured={},
        consent_at=utcnow(),
    )
    with pytest.raises(DomainError) as caught:
        await voice_studio.speak_test(session, storage, user.id, voice.id, "Привет")
    assert caught.value.key == "error-clone-not-configured"  # no ElevenLabs account given
