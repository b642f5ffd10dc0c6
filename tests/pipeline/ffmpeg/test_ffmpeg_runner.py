"""The runner against real ffmpeg (timeout, cancel, typed errors) and probing uploads."""

import asyncio
import subprocess
from pathlib import Path

import psutil
import pytest
from PIL import Image

from core.errors import InvalidInput, MediaUnreadable, ToolMissing
from pipeline.ffmpeg import (
    FilterGraphError,
    InputNotFound,
    RenderTimeout,
    check_audio,
    check_image,
    find_ffmpeg,
    probe,
    run_ffmpeg,
)


@pytest.fixture(scope="module")
def ffmpeg() -> str:
    return find_ffmpeg(None)


async def test_timeout_kills_process(ffmpeg: str) -> None:
    argv = [ffmpeg, "-hide_banner", "-nostdin", "-y", "-progress", "pipe:1", "-nostats",
            "-re", "-f", "lavfi", "-i", "testsrc2=s=64x64:d=600", "-f", "null", "-"]  # fmt: skip
    before = {p.pid for p in psutil.Process().children()}
    with pytest.raises(RenderTimeout) as info:
        await run_ffmpeg(argv, timeout=1.0)
    assert info.value.transient
    assert {p.pid for p in psutil.Process().children()} <= before


async def test_bad_filtergraph(ffmpeg: str) -> None:
    argv = [ffmpeg, "-hide_banner", "-nostdin", "-f", "lavfi", "-i", "nullsrc=d=1",
            "-vf", "nosuchfilter", "-f", "null", "-"]  # fmt: skip
    with pytest.raises(FilterGraphError):
        await run_ffmpeg(argv, timeout=30)


async def test_missing_input(ffmpeg: str, tmp_path: Path) -> None:
    argv = [
        ffmpeg,
        "-hide_banner",
        "-nostdin",
        "-i",
        str(tmp_path / "nope.wav"),
        "-f",
        "null",
        "-",
    ]
    with pytest.raises(InputNotFound):
        await run_ffmpeg(argv, timeout=30)


def test_probe_and_upload_checks(ffmpeg: str, tmp_path: Path) -> None:
    still, voice = tmp_path / "still.png", tmp_path / "voice.wav"
    Image.new("RGB", (32, 32), (10, 20, 30)).save(still)
    subprocess.run(
        [ffmpeg, "-v", "error", "-f", "lavfi", "-i", "sine=d=2", str(voice)], check=True
    )
    corrupt = tmp_path / "corrupt.png"
    corrupt.write_bytes(b"\x89PNG\r\n\x1a\nnot really a png")
    with pytest.raises(MediaUnreadable):
        probe(corrupt)
    with pytest.raises(MediaUnreadable):
        check_image(tmp_path / "missing.png")
    assert check_image(still).first("video") is not None
    with pytest.raises(InvalidInput, match="not a still image"):
        check_image(voice)
    with pytest.raises(InvalidInput, match="limit is 1 s"):
        check_audio(voice, max_seconds=1.0)
    with pytest.raises(InvalidInput, match="no audio"):
        check_audio(still)
    with pytest.raises(InvalidInput, match="MB"):
        check_image(still, max_bytes=10)


async def test_cancel_stops_process(ffmpeg: str) -> None:
    argv = [ffmpeg, "-hide_banner", "-nostdin", "-re", "-f", "lavfi",
            "-i", "testsrc2=s=64x64:d=600", "-f", "null", "-"]  # fmt: skip
    before = {p.pid for p in psutil.Process().children()}
    task = asyncio.create_task(run_ffmpeg(argv, timeout=60))
    await asyncio.sleep(0.5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert {p.pid for p in psutil.Process().children()} <= before


async def test_missing_binary(tmp_path: Path) -> None:
    with pytest.raises(ToolMissing):
        await run_ffmpeg([str(tmp_path / "ffmpeg"), "-version"], timeout=5)


async def test_ffmpeg_gets_a_fixed_mmap_threshold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "ffmpeg"
    fake.write_text('#!/bin/sh\necho "mmap=$MALLOC_MMAP_THRESHOLD_ path=${PATH:+set}" >&2\n')
    fake.chmod(0o755)
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    assert await run_ffmpeg([str(fake)], timeout=5) == "mmap=131072 path=set"
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "65536")  # an operator's setting wins
    assert await run_ffmpeg([str(fake)], timeout=5) == "mmap=65536 path=set"
