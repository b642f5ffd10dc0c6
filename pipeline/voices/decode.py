"""Decode a user's recording (OGG/Opus voice notes, MP3, WAV, M4A, FLAC, WebM, video
soundtracks) into mono 16 kHz float samples, refusing what is not audio, damaged, too long or
too short. The file is opened only through `pipeline.user_media.containers` (an allow-list of
demuxers: no playlist or list can pull in other files).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pipeline.user_media.containers import AUDIO_DEMUXERS, NotAudioVideo, open_user_media
from pipeline.user_media.names import shown_name
from pipeline.voices.errors import SampleCorrupt, SampleNotAudio, SampleTooLong, SampleTooShort

RATE = 16_000
MAX_SECONDS = 300.0
MIN_SECONDS = 3.0
KEEP_MAX_RATE = 48_000  # the stored copy keeps the recording's own rate up to this
# Magic numbers of audio containers (Ogg, ID3-tagged MPEG audio, FLAC, Matroska/WebM, MPEG
# audio and ADTS frames): such a file that fails to open is damaged, not foreign.
AUDIO_MAGIC = (
    b"OggS",
    b"ID3",
    b"fLaC",
    b"\x1a\x45\xdf\xa3",
    b"\xff\xfb",
    b"\xff\xf3",
    b"\xff\xf1",
)


@dataclass(frozen=True, slots=True)
class DecodedAudio:
    """Mono float32 samples at `rate`, what the file was, and (when asked to keep it) the
    whole recording as mono 16-bit samples at `kept_rate`."""

    samples: NDArray[np.float32]
    rate: int
    container: str
    codec: str
    kept: NDArray[np.int16] | None = None
    kept_rate: int = 0

    @property
    def duration(self) -> float:
        return self.samples.size / self.rate


def looks_like_audio(path: Path) -> bool:
    """An audio container's magic number: such a file that fails to open is damaged."""
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
    except OSError:
        return False
    wave = head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    return head.startswith(AUDIO_MAGIC) or wave or head[4:8] == b"ftyp"  # ftyp: MP4/M4A


def _open(path: Path, name: str) -> Any:
    try:
        return open_user_media(path, AUDIO_DEMUXERS, name=name)
    except NotAudioVideo as error:
        if path.is_file() and path.stat().st_size and looks_like_audio(path):
            raise SampleCorrupt(name=name, reason="the container cannot be opened") from error
        raise SampleNotAudio(name=name) from error


def _check_declared_length(container: Any, stream: Any) -> None:
    """Refuse an over-long file from its header, before decoding any of it."""
    import av  # noqa: PLC0415 - PyAV (~20 MB) only in processes that decode audio

    seconds = None
    if stream.duration is not None and stream.time_base is not None:
        seconds = float(stream.duration * stream.time_base)
    elif container.duration is not None:
        seconds = container.duration / av.time_base
    if seconds is not None and seconds > MAX_SECONDS + 0.5:
        raise SampleTooLong(seconds=round(seconds), limit_min=round(MAX_SECONDS / 60))


def _mono(frames: list[Any], dtype: type[np.generic]) -> list[Any]:
    return [np.asarray(out.to_ndarray(), dtype=dtype).reshape(-1) for out in frames]


def _decode(
    container: Any, stream: Any, name: str, keep_rate: int
) -> tuple[list[NDArray[np.float32]], list[NDArray[np.int16]]]:
    import av  # noqa: PLC0415 - PyAV (~20 MB) only in processes that decode audio

    resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
    keeper = av.AudioResampler(format="s16", layout="mono", rate=keep_rate) if keep_rate else None
    chunks: list[NDArray[np.float32]] = []
    kept: list[NDArray[np.int16]] = []
    total = 0
    try:
        for frame in container.decode(stream):
            analysed = _mono(resampler.resample(frame), np.float32)
            chunks.extend(analysed)
            total += sum(chunk.size for chunk in analysed)
            if keeper is not None:
                kept.extend(_mono(keeper.resample(frame), np.int16))
            if total > (MAX_SECONDS + 0.5) * RATE:  # no (or a lying) header: stop early
                raise SampleTooLong(seconds=round(total / RATE), limit_min=round(MAX_SECONDS / 60))
        chunks.extend(_mono(resampler.resample(None), np.float32))
        if keeper is not None:
            kept.extend(_mono(keeper.resample(None), np.int16))
    except av.FFmpegError as error:
        raise SampleCorrupt(name=name, reason="the audio cannot be decoded") from error
    return chunks, kept


def decode_audio(path: Path, *, name: str | None = None, keep: bool = False) -> DecodedAudio:
    """Read the first audio stream of `path` as mono 16 kHz float32; with `keep`, the same
    pass also keeps it as mono 16-bit at its own rate (at most KEEP_MAX_RATE), to be stored.

    `name` is the file's name as the user knows it (for messages); default: the path's.

    Raises:
        SampleNotAudio: not an allowed audio/video container, or one without sound.
        SampleCorrupt: an audio container that cannot be opened or decoded.
        SampleTooLong: over MAX_SECONDS (from the header when it says so).
        SampleTooShort: under MIN_SECONDS.
    """
    shown = shown_name(name if name is not None else path.name)
    with _open(path, shown) as container:
        if not container.streams.audio:
            raise SampleNotAudio(name=shown)
        stream = container.streams.audio[0]
        _check_declared_length(container, stream)
        keep_rate = min(stream.rate or KEEP_MAX_RATE, KEEP_MAX_RATE) if keep else 0
        chunks, kept = _decode(container, stream, shown, keep_rate)
        codec = stream.codec_context.name
        kind = container.format.name
    samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
    if not np.all(np.isfinite(samples)):
        raise SampleCorrupt(name=shown, reason="the decoded audio holds invalid values")
    if samples.size < MIN_SECONDS * RATE:
        raise SampleTooShort(seconds=round(samples.size / RATE, 1), min_s=round(MIN_SECONDS))
    pcm = np.concatenate(kept) if kept else None
    return DecodedAudio(samples.astype(np.float32), RATE, kind, codec, pcm, keep_rate)
