"""How long a New Short's "Create" keeps the event loop from answering anyone else: the
service the bot's confirm calls (`submit_project`) with 20 phone photos and a voiceover, on
SQLite as in embedded mode, while a heartbeat task measures how late the loop wakes it.

Prints one JSON line: photos, photo_mp, voiceover_s, confirm_s, loop_max_stall_ms (the
longest the heartbeat waited past its 5 ms tick), loop_p99_stall_ms and stalls_over_50ms.

Run: `python -m bench.confirm [--photos 20] [--voiceover-s 170]`.
"""

import argparse
import asyncio
import json
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import imageio_ffmpeg
import numpy as np
from PIL import Image
from pydantic import SecretStr

from core.ports import SilentNotifier
from core.settings import DbSettings, Settings, StorageSettings
from db.migrate import upgrade_head
from db.queries import users
from jobs.runtime import job_context
from services.projects import ProjectRequest, create_project

TICK_S = 0.005
PHOTO_SIZE = (4000, 3000)  # 12 MP, a phone's photo


def make_photos(folder: Path, count: int) -> list[Path]:
    """Phone-sized JPEGs with texture (flat colour would decode unrealistically fast)."""
    rng = np.random.default_rng(5)
    base = rng.integers(0, 255, (PHOTO_SIZE[1] // 8, PHOTO_SIZE[0] // 8, 3), dtype=np.uint8)
    texture = Image.fromarray(base).resize(PHOTO_SIZE, Image.Resampling.BICUBIC)
    paths = []
    for i in range(count):
        path = folder / f"photo_{i:02d}.jpg"
        texture.rotate(i * 3).save(path, quality=90)
        paths.append(path)
    return paths


def make_voiceover(folder: Path, seconds: float) -> Path:
    """An OGG/Opus voice note of tone and noise, as Telegram sends voice messages."""
    out = folder / "voiceover.ogg"
    source = f"sine=frequency=220:duration={seconds},volume=0.3"
    argv = [
        imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", source, "-c:a", "libopus", "-b:a", "32k", str(out),
    ]  # fmt: skip
    subprocess.run(argv, check=True)
    return out


class Heartbeat:
    """Wakes every TICK_S and records how late each wake-up was."""

    def __init__(self) -> None:
        self.late: list[float] = []
        self.task: asyncio.Task[None] | None = None

    async def _beat(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + TICK_S
            await asyncio.sleep(TICK_S)
            self.late.append(max(0.0, loop.time() - due))

    def __enter__(self) -> "Heartbeat":
        self.task = asyncio.get_running_loop().create_task(self._beat())
        return self

    def __exit__(self, *_: object) -> None:
        if self.task is not None:
            self.task.cancel()


async def measure(photos: int, voiceover_s: float, workdir: Path) -> dict[str, Any]:
    url = f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    await asyncio.to_thread(upgrade_head, url)
    settings = Settings(
        db=DbSettings(url=SecretStr(url)), storage=StorageSettings(root=workdir / "storage")
    )
    media = workdir / "media"
    media.mkdir()
    request = ProjectRequest(
        topic="Почему осьминоги такие умные",
        photos=tuple(await asyncio.to_thread(make_photos, media, photos)),
        voiceover=await asyncio.to_thread(make_voiceover, media, voiceover_s),
    )
    async with (
        job_context(settings, SilentNotifier(), migrate=False) as ctx,
        ctx["sessionmaker"]() as session,
    ):
        user = await users.get_or_create_local_user(session)
        await session.commit()
        with Heartbeat() as heart:
            await asyncio.sleep(0.05)  # the first ticks land before the confirm
            started = time.perf_counter()
            await create_project(session, ctx["storage"], user.id, request)  # confirm's work
            await session.commit()
            confirm_s = time.perf_counter() - started
            await asyncio.sleep(0.05)
    late = sorted(heart.late)
    return {
        "photos": photos,
        "photo_mp": PHOTO_SIZE[0] * PHOTO_SIZE[1] / 1e6,
        "voiceover_s": voiceover_s,
        "confirm_s": round(confirm_s, 2),
        "loop_max_stall_ms": round(late[-1] * 1000, 1),
        "loop_p99_stall_ms": round(late[int(len(late) * 0.99)] * 1000, 1),
        "stalls_over_50ms": sum(1 for value in late if value > 0.05),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=20)
    parser.add_argument("--voiceover-s", type=float, default=170.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-confirm-") as tmp:
        figures = await measure(args.photos, args.voiceover_s, Path(tmp))
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
