"""The small files a render leaves beside its output: written before ffmpeg starts, removed
after it ends, whatever happens (graph scripts, still lists, the mark, intermediate media)."""

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path


def _write(files: dict[Path, str]) -> None:
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


@asynccontextmanager
async def work_files(files: dict[Path, str], made: Iterable[Path] = ()) -> AsyncIterator[None]:
    """Write `files` (path -> text); on exit remove them and the intermediate files `made`."""
    made = list(made)
    try:
        await asyncio.to_thread(_write, files)
        yield
    finally:
        await asyncio.to_thread(_remove, [*files, *made])
