"""Helpers that make test media: WAV read/write and a drawn portrait (imported by the tests)."""

import wave
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw


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
    """A simple "person": a head and shoulders on a two-tone backdrop."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rectangle((0, h * 0.6, w, h), fill=(40, 40, 60))
    draw.ellipse((w * 0.2, h * 0.62, w * 0.8, h * 1.2), fill=(30, 90, 160))
    draw.ellipse((w * 0.33, h * 0.2, w * 0.67, h * 0.6), fill=(235, 190, 160))
    image.save(path)
    return path
