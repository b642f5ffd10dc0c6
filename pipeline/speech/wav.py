"""16-bit mono WAV files: streamed atomic writes and simple level measurements."""

import contextlib
import os
import wave
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self
from uuid import uuid4

import numpy as np

# Samples at or below -40 dBFS count as silence (synthetic voices have a clean noise floor).
SILENCE = 328


class WavSink:
    """Streams PCM into a temp file beside `out`; `commit()` renames it into place.

    It tracks where the last voiced sample is, so trailing silence is known without
    reading the file back. Leaving the `with` block without `commit()` deletes the temp file.
    """

    def __init__(self, out: Path, rate: int = 0) -> None:
        self.out = out
        self.rate = 0
        self.frames = 0
        self.voiced_frames = 0
        out.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = out.with_name(f".{out.name}.{uuid4().hex}.part")
        self._wave = wave.open(str(self._tmp), "wb")  # noqa: SIM115 - closed in commit/discard
        self._wave.setnchannels(1)
        self._wave.setsampwidth(2)
        if rate:
            self.set_rate(rate)

    def set_rate(self, rate: int) -> None:
        """Set the sample rate; only allowed before the first `write`."""
        self._wave.setframerate(rate)
        self.rate = rate

    def write(self, pcm: bytes) -> None:
        """Append little-endian 16-bit samples."""
        samples = np.frombuffer(pcm, dtype="<i2")
        loud = np.flatnonzero((samples > SILENCE) | (samples < -SILENCE))
        if loud.size:
            self.voiced_frames = self.frames + int(loud[-1]) + 1
        self.frames += samples.size
        self._wave.writeframesraw(pcm)

    @property
    def duration(self) -> float:
        """Seconds written so far."""
        return self.frames / self.rate if self.rate else 0.0

    @property
    def voiced_end(self) -> float:
        """Seconds up to the last sample louder than `SILENCE`."""
        return self.voiced_frames / self.rate if self.rate else 0.0

    def commit(self) -> None:
        """Finish the header, flush to disk and rename over `out`."""
        self._wave.close()
        with self._tmp.open("rb") as f:
            os.fsync(f.fileno())
        self._tmp.replace(self.out)

    def discard(self) -> None:
        """Drop the temp file."""
        with contextlib.suppress(wave.Error):  # no header can be written before `set_rate`
            self._wave.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._tmp.exists():
            self.discard()


@dataclass(frozen=True, slots=True)
class WavStats:
    """Length and levels of a WAV file; levels are fractions of full scale."""

    rate: int
    duration: float
    voiced_end: float
    peak: float
    rms: float


def measure(path: Path) -> WavStats:
    """Read a 16-bit mono WAV and measure its length, trailing silence, peak and RMS."""
    with wave.open(str(path), "rb") as w:
        rate = w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
    loud = np.flatnonzero(np.abs(samples) > SILENCE)
    voiced = (int(loud[-1]) + 1) / rate if loud.size else 0.0
    peak = float(np.abs(samples).max()) / 32768 if samples.size else 0.0
    rms = float(np.sqrt(np.mean(samples**2))) / 32768 if samples.size else 0.0
    return WavStats(rate, samples.size / rate, voiced, peak, rms)
