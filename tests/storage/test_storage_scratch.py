"""Scratch folders: one per job, unique, gone afterwards whatever happened."""

import asyncio
from pathlib import Path

import pytest

from storage.scratch import scratch_dir


async def test_each_job_gets_its_own_folder_removed_on_exit(tmp_path: Path) -> None:
    base = tmp_path / "scratch-base"  # created on first use
    async with scratch_dir(base, label="render-7") as first, scratch_dir(base) as second:
        assert first != second
        assert first.parent == second.parent == base
        assert first.name.startswith("render-7-")
        (first / "scenes").mkdir()
        (first / "scenes" / "scene_00.png").write_bytes(b"png")
    assert list(base.iterdir()) == []


async def test_the_folder_goes_after_an_error_and_a_cancellation(tmp_path: Path) -> None:
    seen: list[Path] = []

    async def failing() -> None:
        async with scratch_dir(tmp_path) as folder:
            seen.append(folder)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        await failing()

    async def job() -> None:
        async with scratch_dir(tmp_path) as folder:
            seen.append(folder)
            (folder / "video.mp4").write_bytes(b"partial")
            await asyncio.sleep(10)

    task = asyncio.ensure_future(job())
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(seen) == 2
    assert not any(folder.exists() for folder in seen)


async def test_a_label_cannot_leave_the_base(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="label"):
        async with scratch_dir(tmp_path, label="../out"):
            pass
