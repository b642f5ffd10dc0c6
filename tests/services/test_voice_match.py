"""create_voice's voice match: the stock match, then a pitch/timbre adjustment kept only when
speaker similarity to the samples rises; speak_test speaks with it."""

from pathlib import Path

import av
import numpy as np
import parselmouth
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import User
from pipeline.voices.adjustment import MIN_GAIN
from pipeline.voices.transform import Transform, pitch_stats, transform_wav
from services import voice_drafts, voice_studio
from storage.disk import Storage

# A "speaker" no espeak variant is: ru+f3 with formants 25 % higher, at 230 Hz.
OUTSIDE_THE_PALETTE = Transform(230.0, 1.0, 1.25)
PHRASE = "Сегодня хорошая погода, и мы идём гулять в парк, где на ветках поют птицы."


@pytest.fixture(scope="module")
def unusual_wav(media: Path, female_wav: Path) -> Path:
    return transform_wav(female_wav, media / "unusual.wav", OUTSIDE_THE_PALETTE)


def voice_note_pitch(path: Path) -> float:
    """The median F0 of an OGG/Opus voice note, decoded to 16 kHz mono."""
    chunks = []
    with av.open(str(path)) as container:
        resampler = av.AudioResampler(format="flt", layout="mono", rate=16_000)
        for frame in container.decode(audio=0):
            chunks += [out.to_ndarray().reshape(-1) for out in resampler.resample(frame)]
    samples = np.concatenate(chunks).astype(np.float64)
    return pitch_stats(parselmouth.Sound(samples, sampling_frequency=16_000)).median_hz


@pytest.mark.timeout(120)
async def test_a_voice_outside_the_stock_palette_is_adjusted(
    session: AsyncSession, storage: Storage, user: User, unusual_wav: Path
) -> None:
    await voice_drafts.add_voice_sample(session, storage, user.id, unusual_wav, mime=None)
    voice = await voice_studio.create_voice(session, storage, user.id, "Unusual", consent=True)

    similarity = voice.measured["similarity"]
    assert similarity["scorer"] == "resemblyzer"
    assert similarity["kept"] is True
    assert similarity["after"] > similarity["before"] + 0.05
    stored = voice.params["transform"]
    assert stored == {**voice.measured["transform"], "base_pitch": voice.params["pitch"]}
    # The user's median, or the 0.9x/1.1x of it that the sweep also tries.
    off = [abs(1200 * np.log2(stored["pitch_median_hz"] / (230.0 * k))) for k in (0.9, 1, 1.1)]
    assert min(off) < 50
    assert stored["formant_ratio"] > 1.0
    assert voice_studio.voice_options(voice)["transform"] == stored

    note = await voice_studio.speak_test(session, storage, user.id, voice.id, PHRASE)
    achieved = voice_note_pitch(note)
    assert abs(1200 * np.log2(achieved / stored["pitch_median_hz"])) < 50


@pytest.mark.timeout(120)
async def test_the_transform_is_kept_only_when_it_helps(
    session: AsyncSession, storage: Storage, user: User, female_wav: Path
) -> None:
    """ru+f3 speech is matched by ru+f3 itself, so the adjustment has little to add."""
    await voice_drafts.add_voice_sample(session, storage, user.id, female_wav, mime=None)
    voice = await voice_studio.create_voice(session, storage, user.id, "Twin", consent=True)

    similarity = voice.measured["similarity"]
    assert similarity["before"] > 0.85  # the stock match alone is already close
    assert similarity["kept"] == (similarity["after"] >= similarity["before"] + MIN_GAIN)
    assert ("transform" in voice.params) == similarity["kept"]
    assert ("transform" in voice_studio.voice_options(voice)) == similarity["kept"]
    assert set(voice.measured["transform"]) == {"pitch_median_hz", "range_factor", "formant_ratio"}
