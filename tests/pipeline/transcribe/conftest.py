"""Real English speech (espeak-ng, with its own word timings) made once per session."""

from pathlib import Path

import pytest
from transcribe_samples import ENGLISH

from pipeline.speech.base import Speech, VoiceParams
from pipeline.speech.espeak import EspeakSynth


@pytest.fixture(scope="session")
async def english_speech(tmp_path_factory: pytest.TempPathFactory) -> Speech:
    """About 4.5 s of espeak English: Whisper base understands most of it."""
    out = tmp_path_factory.mktemp("speech") / "english.wav"
    return await EspeakSynth().synthesize(ENGLISH, "en", VoiceParams(), out)


@pytest.fixture
def not_audio(tmp_path: Path) -> Path:
    path = tmp_path / "notes.mp3"
    path.write_text("these are shopping notes, not a recording\n" * 20)
    return path


@pytest.fixture
def cut_off_mp3(tmp_path: Path) -> Path:
    """An ID3 header followed by garbage: an audio file that was damaged on the way."""
    path = tmp_path / "damaged.mp3"
    path.write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 8)
    return path
