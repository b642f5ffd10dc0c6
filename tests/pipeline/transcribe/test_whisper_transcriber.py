"""Offline transcription on real espeak speech, aligned back to the written text."""

import itertools
import os
from pathlib import Path

import pytest
from transcribe_samples import ENGLISH

from core.errors import MediaUnreadable
from core.settings import ProvidersSettings, TranscriptionSettings
from pipeline.speech.base import Speech
from pipeline.transcribe import model_files
from pipeline.transcribe.align import align_transcript
from pipeline.transcribe.chain import FallbackTranscriber, build_transcriber
from pipeline.transcribe.errors import TranscriberMissing
from pipeline.transcribe.whisper import WhisperTranscriber

# Measured on espeak English (3 texts, 4-5.5 s): mean start error 0.05-0.07 s, max 0.26 s.
MEAN_START_ERROR_S = 0.15
MAX_START_ERROR_S = 0.4


async def test_whisper_words_align_to_espeaks_own_timings(english_speech: Speech) -> None:
    transcript = await WhisperTranscriber().transcribe(english_speech.wav, "en")

    assert transcript.provider == "whisper"
    assert transcript.language == "en"
    assert transcript.cost_usd == 0.0
    assert transcript.duration == pytest.approx(english_speech.duration, abs=0.05)
    assert len(transcript.words) >= 10
    assert {"hearts", "blue", "taste"} <= {w.text.strip(".,").lower() for w in transcript.words}
    words = align_transcript(ENGLISH, transcript.words, english_speech.duration)
    assert [w.text for w in words] == ENGLISH.split()
    errors = [abs(a.start - b.start) for a, b in zip(words, english_speech.words, strict=True)]
    assert sum(errors) / len(errors) < MEAN_START_ERROR_S
    assert max(errors) < MAX_START_ERROR_S
    assert all(a.end <= b.start for a, b in itertools.pairwise(words))


async def test_language_the_model_lacks_is_detected_instead(english_speech: Speech) -> None:
    transcript = await WhisperTranscriber().transcribe(english_speech.wav, "xx")

    assert transcript.language == "en"


async def test_unreadable_audio_is_refused(not_audio: Path, cut_off_mp3: Path) -> None:
    for path in (not_audio, cut_off_mp3):
        with pytest.raises(MediaUnreadable):
            await WhisperTranscriber().transcribe(path, "en")


def test_the_wheel_model_is_joined_once_atomically(tmp_path: Path) -> None:
    folder = model_files.wheel_model_dir(tmp_path)
    built = (folder / "model.bin").stat()

    again = model_files.wheel_model_dir(tmp_path)

    assert again == folder
    assert (again / "model.bin").stat().st_mtime_ns == built.st_mtime_ns
    assert {p.name for p in folder.iterdir()} == {
        "model.bin", "config.json", "tokenizer.json", "vocabulary.json",
    }  # fmt: skip
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".whisper-")]
    assert os.access(folder / "model.bin", os.R_OK)


def test_missing_wheel_is_a_keyed_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(model_files, "PACKAGES", ("no_such_whisper_wheel", "nor_this_one"))

    with pytest.raises(TranscriberMissing) as caught:
        model_files.wheel_model_dir(tmp_path)

    assert caught.value.key == "error-transcription-model-missing"


def test_chain_from_settings() -> None:
    one = build_transcriber(ProvidersSettings())
    chain = build_transcriber(
        ProvidersSettings(transcription=TranscriptionSettings(chain="openai, whisper"))
    )

    assert isinstance(one, WhisperTranscriber)
    assert isinstance(chain, FallbackTranscriber)
    assert chain.name == "openai,whisper"
