"""Media and helpers for the Voice and Character endpoints' tests: espeak speech long enough
for a voice, a file that is not audio, real-face photos, multipart bodies of a chosen size
that count how much of them the app read."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from infra.faces import face_on_backdrop, grace_hopper

from pipeline.speech.base import VoiceParams
from pipeline.speech.espeak import EspeakSynth

# About 15 s of speech: one recording is enough for a voice (10 s of clear speech).
SPEECH = (
    "Did you know that an octopus has three hearts and blue blood? Scientists say that "
    "octopuses can open jars, recognise human faces and hide inside shells. Each arm "
    "thinks almost on its own, and an octopus changes colour in less than a second."
)
BOUNDARY = "studio-test-boundary"
MB = 1024 * 1024


async def speech_wav(folder: Path) -> Path:
    out = folder / "speech.wav"
    await EspeakSynth().synthesize(SPEECH, "en", VoiceParams("en-us+f3", 1.0, 0.4), out)
    return out


def not_audio(folder: Path) -> Path:
    out = folder / "notes.mp3"
    out.write_text("these are meeting notes, not a recording\n" * 200)
    return out


def photos(folder: Path) -> list[Path]:
    """Two photos of one real person on different backdrops."""
    return [
        face_on_backdrop(folder / "one.jpg", (240, 200, 120), (600, 800), grace_hopper()),
        face_on_backdrop(folder / "two.png", (120, 200, 240), (700, 700), grace_hopper()),
    ]


async def download(client: httpx.AsyncClient, url: str) -> bytes:
    response = await client.get(url, follow_redirects=True)
    assert response.status_code == 200, response.text
    return response.content


@dataclass
class CountedBody:
    """A multipart body of one `size`-byte file sent 1 MB at a time; `sent` says how many
    bytes the app asked for."""

    field: str
    size: int
    sent: int = 0

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={BOUNDARY}"

    def head(self) -> bytes:
        return (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="name"\r\n\r\nBig\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{self.field}"; '
            f'filename="big.wav"\r\nContent-Type: audio/wav\r\n\r\n'
        ).encode()

    def tail(self) -> bytes:
        return f"\r\n--{BOUNDARY}--\r\n".encode()

    @property
    def length(self) -> int:
        return len(self.head()) + self.size + len(self.tail())

    async def chunks(self) -> AsyncIterator[bytes]:
        parts = [self.head(), *[b"\0" * MB] * (self.size // MB), self.tail()]
        for part in parts:
            self.sent += len(part)
            yield part
