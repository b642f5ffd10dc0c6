"""Decode any audio PyAV can read (OGG/Opus voice notes, MP3, WAV, M4A, video soundtracks)
into mono 16 kHz float samples, refusing what is not audio, damaged, too long or too short.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pipeline.voices.errors import SampleCorrupt, SampleNotAudio, SampleTooLong, SampleTooShort

RATE = 16_000
MAX_SECONDS = 300.0
MIN_SECONDS = 3.0
# Magic numbers of audio containers (Ogg, ID3-tagged MP3, FLAC, Matroska/WebM, MPEG audio
# and ADTS frames): such a file that fails to open is damaged, not foreign.
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
    """Mono float32 samples at `rate`, and what the file was."""

    samples: NDArray[np.float32]
    rate: int
    container: str
    codec: str

    @property
    def duration(self) -> float:
        return self.samples.size / self.rate


def looks_like_audio(path: Path) -> bool:
    """An audio container's magic number: such a file that fails to open is damaged."""
    with path.open("rb") as handle:
        head = handle.read(12)
    wave = head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    return head.startswith(AUDIO_MAGIC) or wave or head[4:8] == b"ftyp"  # ftyp: MP4/M4A


def _refuse_unopenable(path: Path) -> SampleCorrupt | SampleNotAudio:
    if path.is_file() and path.stat().st_size and looks_like_audio(path):
        return SampleCorrupt(name=path.name, reason="the container cannot be opened")
    return SampleNotAudio(name=path.name)


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


def _decode(container: Any, stream: Any, name: str) -> list[NDArray[np.float32]]:
    import av  # noqa: PLC0415 - PyAV (~20 MB) only in processes that decode audio

    resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
    chunks: list[NDArray[np.float32]] = []
    total = 0
    try:
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunks.append(np.asarray(out.to_ndarray(), dtype=np.float32).reshape(-1))
                total += out.samples
            if total > (MAX_SECONDS + 0.5) * RATE:  # no (or a lying) header: stop early
                raise SampleTooLong(seconds=round(total / RATE), limit_min=round(MAX_SECONDS / 60))
        chunks.extend(
            np.asarray(out.to_ndarray(), dtype=np.float32).reshape(-1)
            for out in resampler.resample(None)
        )
    except av.FFmpegError as error:
        raise SampleCorrupt(name=name, reason="the audio cannot be decoded") from error
    return chunks


def decode_audio(path: Path) -> DecodedAudio:
    """Read the first audio stream of `path` as mono 16 kHz float32.

    Raises:
        SampleNotAudio: not a media file, or one without sound.
        SampleCorrupt: an audio container that cannot be opened or decoded.
        SampleTooLong: over MAX_SECONDS (from the header when it says so).
        SampleTooShort: under MIN_SECONDS.
    """
    import av  # noqa: PLC0415 - PyAV (~20 MB) only in processes that decode audio

    try:
        container = av.open(str(path))
    except (av.FFmpegError, OSError) as error:
        raise _refuse_unopenable(path) from error
    with container:
        if not container.streams.audio:
            raise SampleNotAudio(name=path.name)
        stream = container.streams.audio[0]
        _check_declared_length(container, stream)
        chunks = _decode(container, stream, path.name)
        codec = stream.codec_context.name
        kind = container.format.name
    samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
    if not np.all(np.isfinite(samples)):
        raise SampleCorrupt(name=path.name, reason="the decoded audio holds invalid values")
    if samples.size < MIN_SECONDS * RATE:
        raise SampleTooShort(seconds=round(samples.size / RATE, 1), min_s=round(MIN_SECONDS))
    return DecodedAudio(samples.astype(np.float32), RATE, kind, codec)
