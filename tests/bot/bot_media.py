"""Small real media for the bot tests: speech and silence as voice notes, photos, a GIF."""

import io
from pathlib import Path

import av
import numpy as np
from infra.faces import grace_hopper
from PIL import Image

from pipeline.speech.base import VoiceParams
from pipeline.voices.opus import speak_voice_note


async def speech_note(text: str, language: str, folder: Path, name: str) -> bytes:
    """`text` spoken by espeak-ng into an OGG/Opus voice note."""
    path = await speak_voice_note(text, language, VoiceParams(), folder / f"{name}.ogg")
    return path.read_bytes()


def silent_note(seconds: float, *, rate: int = 48000) -> bytes:
    """Digital silence as an OGG/Opus voice note."""
    out = io.BytesIO()
    with av.open(out, mode="w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=rate)
        frame_samples = 960
        silence = np.zeros((1, frame_samples), dtype=np.int16)
        for _ in range(int(seconds * rate / frame_samples)):
            frame = av.AudioFrame.from_ndarray(silence, format="s16", layout="mono")
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def photo_png(colour: tuple[int, int, int], size: tuple[int, int] = (640, 800)) -> bytes:
    """A photo of a person (a real face: character photos must show one) over a gradient."""
    width, height = size
    ramp = np.linspace(0, 1, width, dtype=np.float32)[None, :, None]
    pixels = (np.array(colour, dtype=np.float32) * (0.5 + 0.5 * ramp)).repeat(height, axis=0)
    image = Image.fromarray(pixels.astype(np.uint8), "RGB")
    with Image.open(grace_hopper()) as person:
        image.paste(person.convert("RGB"), ((width - person.width) // 2, height - person.height))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def photo_without_face_png() -> bytes:
    """A photo-like picture with nobody in it."""
    ramp = np.linspace(40, 220, 640, dtype=np.float32)[None, :, None]
    pixels = np.concatenate([ramp, ramp[:, ::-1], np.full_like(ramp, 90)], axis=2)
    image = Image.fromarray(pixels.repeat(800, axis=0).astype(np.uint8), "RGB")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (64, 64), (i * 60, 0, 0)) for i in range(4)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    return out.getvalue()
