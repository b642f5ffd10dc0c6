"""Scratch folders: a job's private local workspace, removed when the job is done.

Stages write their outputs here, then `put_file` them into the store; an S3 store also keeps
its downloads (`materialize`) here. Each folder is unique, so two jobs (or two workers on one
machine) never share one.
"""

import asyncio
import re
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

_LABEL = re.compile(r"[A-Za-z0-9_-]{1,40}")


@asynccontextmanager
async def scratch_dir(base: Path | None = None, *, label: str = "job") -> AsyncIterator[Path]:
    """A new empty folder `<base>/<label>-<random>/` (base: the system temp folder when None),
    removed with everything in it on exit, also after an error or a cancellation."""
    if not _LABEL.fullmatch(label):
        msg = f"a scratch label is 1-40 letters, digits, '-' or '_': {label!r}"
        raise ValueError(msg)
    if base is not None:
        await asyncio.to_thread(base.mkdir, parents=True, exist_ok=True)
    folder = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix=f"{label}-", dir=base))
    try:
        yield folder
    finally:
        await asyncio.shield(asyncio.to_thread(shutil.rmtree, folder, True))
