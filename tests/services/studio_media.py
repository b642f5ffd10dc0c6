"""Helpers that make test media: WAV read/write and a drawn portrait (imported by the tests)."""

import wave
from pathlib import Path

import numpy as np
from infra.faces import face_on_backdrop


def read_wav(path: Path) -> tuple[int, np.ndarray]:
    with wave.open(str(path), "rb") as w:
        frames = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        return w.getframerate(), frames.astype(np.float64) / 32768


def write_wav(path: Path, rate: int, samples: np.ndarray) -> Path:
    pcm = (np.clip(samples, -1.0, 32767 / 32768) * 32768).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def portrait(path: Path, colour: tuple[int, int, int], size: tuple[int, int]) -> Path:
    """A person (a real face: character photos must show one) on a two-tone backdrop."""
    return face_on_backdrop(path, colour, size)
