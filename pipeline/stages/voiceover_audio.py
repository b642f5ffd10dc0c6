"""A user's own voiceover as audio: checked on upload and normalised to a mono WAV.

The usual audio containers are accepted (voice notes, MP3, M4A, WAV, FLAC, a video's
soundtrack), opened only through `pipeline.user_media.containers`, so a playlist or a list
cannot make us read other files. A file that is not audio, has no sound, cannot be decoded,
or is too short or too long is refused with an error the user can act on. What is kept is
the WAV made at upload, never the file itself.
"""

import asyncio
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

import numpy as np
from numpy.typing import NDArray

from core.errors import InvalidInput, MediaUnreadable
from pipeline.user_media.containers import AUDIO_DEMUXERS, NotAudioVideo, open_user_media
from pipeline.user_media.names import shown_name
from pipeline.voices.decode import looks_like_audio
from storage.disk import Storage, temp_path
from storage.sync import delete_later, push_files

MAX_BYTES = 20 * 1024 * 1024  # the Bot API's download limit; the CLI keeps the same rule
MAX_SECONDS = 180.0  # the longest Short
MIN_SECONDS = 2.0
CHECK_RATE = 16_000
WAV_RATE = 48_000
UPLOADS = "uploads"


class VoiceoverNotAudio(MediaUnreadable):
    key = "error-voiceover-not-audio"
    template = "The file {name} is not audio; send a voice message or an audio file."


class VoiceoverCorrupt(MediaUnreadable):
    key = "error-voiceover-corrupt"
    template = "The voiceover {name} is damaged or cut off ({reason})."


class VoiceoverTooLong(InvalidInput):
    key = "error-voiceover-too-long"
    template = "The voiceover lasts {seconds} s; the limit is {limit} s."


class VoiceoverTooShort(InvalidInput):
    key = "error-voiceover-too-short"
    template = "The voiceover lasts {seconds} s; send at least {min_s} s."


class VoiceoverTooBig(InvalidInput):
    key = "error-voiceover-too-big"
    template = "The voiceover file is {size_mb} MB; the limit is {limit_mb} MB."


def _open(path: Path, name: str) -> Any:
    try:
        return open_user_media(path, AUDIO_DEMUXERS, name=name)
    except NotAudioVideo as error:
        if path.is_file() and path.stat().st_size and looks_like_audio(path):
            raise VoiceoverCorrupt(name=name, reason="it cannot be opened") from error
        raise VoiceoverNotAudio(name=name) from error


def _too_long(seconds: float) -> VoiceoverTooLong:
    return VoiceoverTooLong(seconds=round(seconds), limit=round(MAX_SECONDS))


def decode_voiceover(
    path: Path, rate: int = CHECK_RATE, *, name: str | None = None
) -> NDArray[np.int16]:
    """The first audio stream of `path` as mono 16-bit samples at `rate`; `name` is the
    file's name as the user knows it (default: the path's).

    Raises:
        VoiceoverTooBig, VoiceoverNotAudio, VoiceoverCorrupt, VoiceoverTooLong,
        VoiceoverTooShort: see the class names.
    """
    import av  # noqa: PLC0415 - PyAV (~20 MB) only in processes that decode audio

    shown = shown_name(name if name is not None else path.name)
    size = path.stat().st_size if path.is_file() else 0
    if size > MAX_BYTES:
        raise VoiceoverTooBig(size_mb=round(size / 1024 / 1024, 1), limit_mb=MAX_BYTES >> 20)
    with _open(path, shown) as container:
        if not container.streams.audio:
            raise VoiceoverNotAudio(name=shown)
        stream = container.streams.audio[0]
        if container.duration is not None and container.duration / av.time_base > MAX_SECONDS:
            raise _too_long(container.duration / av.time_base)
        resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
        chunks: list[NDArray[np.int16]] = []
        total = 0
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunks.append(np.asarray(out.to_ndarray(), dtype=np.int16).reshape(-1))
                    total += out.samples
                if total > (MAX_SECONDS + 0.5) * rate:  # no (or a lying) header
                    raise _too_long(total / rate)
            for out in resampler.resample(None):
                chunks.append(np.asarray(out.to_ndarray(), dtype=np.int16).reshape(-1))
        except av.FFmpegError as error:
            raise VoiceoverCorrupt(name=shown, reason="the sound cannot be decoded") from error
    samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
    if samples.size < MIN_SECONDS * rate:
        raise VoiceoverTooShort(seconds=round(samples.size / rate, 1), min_s=round(MIN_SECONDS))
    return samples


def check_voiceover(path: Path, *, name: str | None = None) -> float:
    """Decode the whole file once (a damaged middle is found now, not in the job); return
    its length in seconds."""
    return round(decode_voiceover(path, name=name).size / CHECK_RATE, 3)


def write_voiceover_wav(source: Path, out: Path, *, name: str | None = None) -> float:
    """Write `source` as a mono 48 kHz 16-bit WAV at `out` (atomically); return seconds."""
    samples = decode_voiceover(source, WAV_RATE, name=name)
    tmp = temp_path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(tmp), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(WAV_RATE)
        writer.writeframes(samples.astype("<i2").tobytes())
    tmp.replace(out)
    return round(samples.size / WAV_RATE, 3)


@dataclass(frozen=True, slots=True)
class VoiceoverUpload:
    """A checked recording kept in the user's storage until the Short is created."""

    relpath: str
    seconds: float


async def keep_voiceover_upload(
    storage: Storage, user_id: int, path: Path, *, name: str | None = None
) -> VoiceoverUpload:
    """Check the user's recording and keep it as a WAV made from it (never the file itself);
    it replaces the one sent before, if any. `name` is the file's name as the user knows it."""
    final = storage.user_dir(user_id) / UPLOADS / f"voiceover-{uuid4().hex[:12]}.wav"
    seconds = await asyncio.to_thread(write_voiceover_wav, path, final, name=name)
    discard_voiceover_uploads(storage, user_id, keep=final)
    await push_files(storage, [storage.relative(final)])  # the bot may restart before use
    return VoiceoverUpload(storage.relative(final), seconds)


def discard_voiceover_uploads(storage: Storage, user_id: int, *, keep: Path | None = None) -> None:
    """Delete the user's kept recordings but `keep` (the project has its own copy once
    created)."""
    gone = {
        storage.relative(kept)
        for kept in (storage.user_dir(user_id) / UPLOADS).glob("voiceover-*")
        if kept != keep
    }
    delete_later(storage, gone, [])
