"""Real audio for the emulators: a tone track, encoded with PyAV (MP3, Opus, AAC, FLAC, ...).

Speech emulators answer with real files in the requested codec, so the code under test can
decode and measure them exactly as it would the vendor's output; only the sound is a
synthetic "voice" (a soft two-harmonic tone per word or character, silence in between).
"""

from __future__ import annotations

import io
import struct
import wave
from collections.abc import Sequence

import av
import numpy as np
from numpy.typing import NDArray

# codec name -> (container format, PyAV encoder, MIME type)
CODECS: dict[str, tuple[str, str, str]] = {
    "mp3": ("mp3", "libmp3lame", "audio/mpeg"),
    "opus": ("ogg", "libopus", "audio/ogg"),
    "aac": ("adts", "aac", "audio/aac"),
    "flac": ("flac", "flac", "audio/flac"),
    "ulaw": ("mulaw", "pcm_mulaw", "audio/basic"),
    "alaw": ("alaw", "pcm_alaw", "audio/x-alaw-basic"),
}
MIME_TYPES = {"wav": "audio/wav", "pcm": "audio/pcm"} | {k: v[2] for k, v in CODECS.items()}
OPUS_RATES = (8000, 12000, 16000, 24000, 48000)


def tone_track(
    spans: Sequence[tuple[float, float]], duration: float, sample_rate: int, *, pitch: int = 0
) -> NDArray[np.int16]:
    """Mono 16-bit PCM of `duration` s: a soft tone over each (start, end) span."""
    total = max(1, round(duration * sample_rate))
    out = np.zeros(total, dtype=np.float64)
    for index, (start, end) in enumerate(spans):
        first, last = round(start * sample_rate), min(total, round(end * sample_rate))
        if last <= first:
            continue
        times = np.arange(last - first) / sample_rate
        freq = 140.0 + (pitch + index * 37) % 110
        envelope = np.sin(np.pi * np.arange(last - first) / (last - first))
        wave_ = np.sin(2 * np.pi * freq * times) + 0.35 * np.sin(4 * np.pi * freq * times)
        out[first:last] += 0.3 * envelope * wave_
    return (np.clip(out, -1.0, 1.0) * 32767).astype(np.int16)


def encode_audio(
    samples: NDArray[np.int16], sample_rate: int, codec: str, bitrate: int | None = None
) -> bytes:
    """Encode mono s16 samples: "wav", "pcm" (raw s16le), or a key of `CODECS`."""
    if codec == "pcm":
        return samples.astype("<i2").tobytes()
    if codec == "wav":
        out = io.BytesIO()
        with wave.open(out, "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(sample_rate)
            writer.writeframes(samples.astype("<i2").tobytes())
        return out.getvalue()
    container_format, encoder, _ = CODECS[codec]
    out = io.BytesIO()
    with av.open(out, mode="w", format=container_format) as container:
        stream = container.add_stream(encoder, rate=sample_rate, layout="mono")
        if not isinstance(stream, av.AudioStream):
            raise TypeError(f"{encoder} is not an audio encoder")
        if bitrate:
            stream.bit_rate = bitrate
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = sample_rate
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


def wav_duration(data: bytes) -> float | None:
    """Seconds of audio in a RIFF/WAVE file, from its `fmt ` and `data` chunks."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    offset, byte_rate = 12, 0
    while offset + 8 <= len(data):
        chunk_id, size = data[offset : offset + 4], struct.unpack_from("<I", data, offset + 4)[0]
        if chunk_id == b"fmt " and size >= 16:
            byte_rate = struct.unpack_from("<I", data, offset + 16)[0]
        elif chunk_id == b"data":
            available = len(data) - offset - 8
            size = available if size in (0, 0xFFFFFFFF) else min(size, available)
            return size / byte_rate if byte_rate else None
        offset += 8 + size + (size & 1)
    return None


def probe_duration(data: bytes) -> float | None:
    """Duration of any audio file: the WAV header, else decoding it with PyAV."""
    from_header = wav_duration(data)
    if from_header is not None:
        return from_header
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            if not container.streams.audio:
                return None
            samples, rate = 0, 0
            for frame in container.decode(audio=0):
                samples += frame.samples
                rate = frame.sample_rate
            return samples / rate if rate else None
    except (av.FFmpegError, ValueError):
        return None
