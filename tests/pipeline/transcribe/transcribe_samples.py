"""Texts and audio files for the transcription and voiceover tests (a module name no other
test folder uses)."""

import wave
from pathlib import Path

import av
import numpy as np
from numpy.typing import NDArray

from tests.emulators.openai.common.audio import encode_audio

ENGLISH = "Octopuses have three hearts and blue blood. Each of their eight arms can taste."


def wav_samples(path: Path) -> tuple[NDArray[np.int16], int]:
    """The mono 16-bit samples and rate of a WAV file."""
    with wave.open(str(path), "rb") as reader:
        return np.frombuffer(reader.readframes(reader.getnframes()), "<i2"), reader.getframerate()


def reencode(wav: Path, out: Path, codec: str = "opus") -> Path:
    """`wav` as another format (opus in OGG, mp3, flac, ...), as a phone would send it."""
    samples, rate = wav_samples(wav)
    if codec == "opus":  # Opus takes 8/12/16/24/48 kHz only
        samples, rate = _resample(wav, 48000), 48000
    out.write_bytes(encode_audio(samples, rate, codec, 64000 if codec == "mp3" else None))
    return out


def _resample(wav: Path, rate: int) -> NDArray[np.int16]:
    with av.open(str(wav)) as container:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
        chunks = [
            out.to_ndarray().reshape(-1)
            for frame in container.decode(audio=0)
            for out in resampler.resample(frame)
        ]
        chunks += [out.to_ndarray().reshape(-1) for out in resampler.resample(None)]
    return np.concatenate(chunks).astype(np.int16)


def silence_wav(path: Path, seconds: float, rate: int = 16000) -> Path:
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(b"\x00\x00" * int(seconds * rate))
    return path
