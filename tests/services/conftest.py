"""Real media for the studio tests, made once per run: espeak speech with known pitch, its
damaged copies, an OGG/Opus voice note from the bundled ffmpeg, and Pillow photos."""

import asyncio
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image, ImageDraw
from sqlalchemy.ext.asyncio import AsyncSession
from studio_media import portrait, read_wav, write_wav

from core.plans import PlanCode
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head
from db.models import User
from db.queries import users
from pipeline.speech.base import VoiceParams
from pipeline.speech.espeak import EspeakSynth
from storage.disk import Storage

# About 15 s of speech: one sample is enough for a voice (10 s of clear speech).
SPEECH = (
    "Знаете ли вы, что у осьминога три сердца и голубая кровь? Учёные говорят, что "
    "осьминоги умеют открывать банки, узнают людей в лицо и прячутся в ракушках. "
    "Каждое щупальце думает почти само по себе, а ещё осьминог меняет цвет за секунду."
)
# espeak variants standing in for a woman's and a man's recordings.
FEMALE = VoiceParams("ru+f3", 1.0, 0.6)
MALE = VoiceParams("ru+m3", 1.0, -0.6)


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("studio-media")


@pytest.fixture(scope="session")
async def female_wav(media: Path) -> Path:
    out = media / "female.wav"
    await EspeakSynth().synthesize(SPEECH, "ru", FEMALE, out)
    return out


@pytest.fixture(scope="session")
async def male_wav(media: Path) -> Path:
    out = media / "male.wav"
    await EspeakSynth().synthesize(SPEECH, "ru", MALE, out)
    return out


@pytest.fixture(scope="session")
def damaged_copies(media: Path, female_wav: Path) -> dict[str, Path]:
    """The female speech clipped (x5), buried in white noise, and 40 dB too quiet."""
    rate, samples = read_wav(female_wav)
    noise = np.random.default_rng(7).normal(0.0, 0.05, samples.size)
    return {
        "clipped": write_wav(media / "clipped.wav", rate, np.clip(samples * 5, -1, 1)),
        "noisy": write_wav(media / "noisy.wav", rate, samples + noise),
        "quiet": write_wav(media / "quiet.wav", rate, samples * 0.01),
    }


@pytest.fixture(scope="session")
def voice_note(media: Path, female_wav: Path) -> Path:
    """What Telegram sends for a voice message: mono OGG/Opus, 48 kHz, 32 kbit/s."""
    out = media / "voice_note.oga"
    argv = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y"]
    argv += ["-i", str(female_wav), "-c:a", "libopus", "-b:a", "32k", "-ar", "48000", "-ac", "1"]
    subprocess.run([*argv, "-f", "ogg", str(out)], check=True)
    return out


@pytest.fixture(scope="session")
def bad_audio(media: Path, female_wav: Path, voice_note: Path) -> dict[str, Path]:
    """Silence, 2 s of speech, a 6-minute tone, text named .ogg, an OGG cut after its header."""
    rate, samples = read_wav(female_wav)
    tone_rate = 8000
    t = np.arange(360 * tone_rate) / tone_rate
    tone = np.where(t % 2 < 1, 0.3 * np.sin(2 * np.pi * 220 * t), 0.0)
    text = media / "notes.ogg"
    text.write_text("this is not a recording, just text\n" * 20)
    truncated = media / "truncated.ogg"
    truncated.write_bytes(voice_note.read_bytes()[:300])
    return {
        "silence": write_wav(media / "silence.wav", rate, np.zeros(5 * rate)),
        "short": write_wav(media / "short.wav", rate, samples[: 2 * rate]),
        "long": write_wav(media / "long.wav", tone_rate, tone),
        "text": text,
        "truncated": truncated,
    }


@pytest.fixture(scope="session")
def photos(media: Path) -> dict[str, Path]:
    folder = media / "photos"
    folder.mkdir()
    gif = folder / "anim.gif"
    frames = [Image.new("RGB", (64, 64), c) for c in ((255, 0, 0), (0, 0, 255))]
    frames[0].save(gif, save_all=True, append_images=frames[1:], duration=100, loop=0)
    good_jpeg = portrait(folder / "good.jpg", (240, 200, 120), (900, 1200))
    corrupt = folder / "corrupt.jpg"
    corrupt.write_bytes(good_jpeg.read_bytes()[:2000])
    huge = folder / "huge.png"
    Image.new("1", (7000, 6000)).save(huge)  # 42 megapixels, a few kilobytes
    logo = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    ImageDraw.Draw(logo).rounded_rectangle((10, 10, 390, 190), 40, fill=(255, 90, 40, 230))
    logo.save(folder / "logo.png")
    (folder / "notes.jpg").write_text("not a picture")
    return {
        "portrait": good_jpeg,
        "landscape": portrait(folder / "wide.png", (120, 200, 240), (1600, 900)),
        "gif": gif,
        "corrupt": corrupt,
        "huge": huge,
        "text": folder / "notes.jpg",
        "logo": folder / "logo.png",
    }


@pytest.fixture
def storage(storage_root: Path) -> Storage:
    return Storage(storage_root.resolve())


@pytest.fixture
async def user(session: AsyncSession) -> User:
    """A Pro user (no end): room for the several voices and characters the tests make;
    the Free plan's limits are tested with users of their own."""
    owner = await users.get_or_create_user(session, 900_001, "Owner", "en")
    owner.plan = PlanCode.PRO
    await session.flush()
    return owner


@pytest.fixture
async def stranger(session: AsyncSession) -> User:
    return await users.get_or_create_user(session, 900_002, "Stranger", "en")


@pytest.fixture
async def sqlite_session(sqlite_url: str) -> AsyncIterator[AsyncSession]:
    """A session on a fresh, migrated SQLite file (the default production database)."""
    await asyncio.to_thread(upgrade_head, sqlite_url)
    engine = make_engine(sqlite_url)
    try:
        async with make_sessionmaker(engine)() as session:
            yield session
    finally:
        await engine.dispose()
