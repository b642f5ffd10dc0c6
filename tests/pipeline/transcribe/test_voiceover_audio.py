"""A user's voiceover file: accepted in any audio format, refused with keyed errors when it
is not audio, damaged, too long, too short or too big; normalised to a 48 kHz WAV."""

import wave
from pathlib import Path

import pytest
from PIL import Image
from transcribe_samples import reencode, silence_wav

from core.errors import DomainError
from pipeline.speech.base import Speech
from pipeline.stages.voiceover_audio import (
    check_voiceover,
    discard_voiceover_uploads,
    keep_voiceover_upload,
    write_voiceover_wav,
)
from storage.disk import Storage


@pytest.mark.parametrize("codec", ["opus", "mp3", "flac"])
def test_any_audio_format_is_checked_and_normalised(
    tmp_path: Path, english_speech: Speech, codec: str
) -> None:
    source = reencode(english_speech.wav, tmp_path / f"voiceover.{codec}", codec)

    seconds = check_voiceover(source)
    written = write_voiceover_wav(source, tmp_path / "voice.wav")

    assert seconds == pytest.approx(english_speech.duration, abs=0.1)
    assert written == pytest.approx(seconds, abs=0.01)
    with wave.open(str(tmp_path / "voice.wav"), "rb") as reader:
        assert (reader.getnchannels(), reader.getframerate(), reader.getsampwidth()) == (
            1,
            48000,
            2,
        )
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def _picture(tmp_path: Path) -> Path:
    path = tmp_path / "photo.png"
    Image.new("RGB", (64, 64), (10, 200, 10)).save(path)
    return path


def _huge(tmp_path: Path) -> Path:
    path = tmp_path / "long.wav"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    return path


@pytest.mark.parametrize(
    ("make", "key"),
    [
        (lambda tmp, _: (tmp / "notes.mp3").write_text("shopping list") and tmp / "notes.mp3",
         "error-voiceover-not-audio"),
        (lambda tmp, _: _picture(tmp), "error-voiceover-not-audio"),
        (lambda tmp, bad: bad, "error-voiceover-corrupt"),
        (lambda tmp, _: silence_wav(tmp / "long.wav", 181), "error-voiceover-too-long"),
        (lambda tmp, _: silence_wav(tmp / "blip.wav", 1), "error-voiceover-too-short"),
        (lambda tmp, _: _huge(tmp), "error-voiceover-too-big"),
        (lambda tmp, _: tmp / "missing.ogg", "error-voiceover-not-audio"),
    ],
)  # fmt: skip
def test_bad_files_are_refused_with_a_keyed_error(
    tmp_path: Path, cut_off_mp3: Path, make: object, key: str
) -> None:
    path = make(tmp_path, cut_off_mp3)  # type: ignore[operator]

    with pytest.raises(DomainError) as caught:
        check_voiceover(path)

    assert caught.value.key == key
    assert str(caught.value)


async def test_an_upload_is_kept_until_replaced_or_discarded(
    tmp_path: Path, storage_root: Path, english_speech: Speech
) -> None:
    storage = Storage(storage_root)
    first = await keep_voiceover_upload(storage, 7, english_speech.wav)
    second = await keep_voiceover_upload(
        storage, 7, reencode(english_speech.wav, tmp_path / "note.ogg")
    )

    assert first.seconds == pytest.approx(english_speech.duration, abs=0.05)
    assert second.relpath.startswith("users/7/uploads/voiceover-")
    assert second.relpath.endswith(".wav")  # the WAV made from it, never the file sent
    with wave.open(str(storage.resolve(second.relpath)), "rb") as kept:
        assert (kept.getnchannels(), kept.getframerate()) == (1, 48000)
    assert not storage.resolve(first.relpath).exists()
    assert storage.resolve(second.relpath).is_file()
    discard_voiceover_uploads(storage, 7)
    assert not any((storage_root / "users" / "7" / "uploads").iterdir())
