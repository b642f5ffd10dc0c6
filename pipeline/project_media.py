"""A new project's media, copied into the user's storage before its row exists.

Copying 20 photos and a voiceover takes a second or more, and two rules keep that out of
the way: it runs in a thread (never in the bot's event loop), and before the project's
INSERT (SQLite holds its write lock from the first write until the commit, and every other
writer, the conversation state included, waits for it). The files go to a staging folder
beside the projects; once the row has its ID the folder is renamed into place, which is
instant. These are blocking functions: call them with `asyncio.to_thread`.
"""

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.art.photos import open_photo
from pipeline.art.save import save_png_atomic
from pipeline.ffmpeg.spec import is_still
from pipeline.storage import Storage

if TYPE_CHECKING:
    from pipeline.projects import ProjectRequest

INPUTS = "inputs"
CARDS = ("intro", "outro")


@dataclass(frozen=True, slots=True)
class StagedMedia:
    """Copied files in `folder/inputs`, and the project options naming them relative to
    the project's folder ("inputs/photo_00.jpg"; "photos" holds a list)."""

    folder: Path
    options: dict[str, Any]


def stage_media(
    storage: Storage, user_id: int, request: "ProjectRequest", max_photos: int
) -> StagedMedia:
    """Copy the request's photos, music, logo, cards and voiceover into a staging folder."""
    folder = storage.user_dir(user_id) / "projects" / f".new-{uuid.uuid4().hex}"
    inputs = folder / INPUTS
    inputs.mkdir(parents=True)
    try:
        options: dict[str, Any] = {"photos": []}
        for i, photo in enumerate(request.photos[:max_photos]):
            options["photos"].append(_copy(photo, inputs / f"photo_{i:02d}{photo.suffix.lower()}"))
        for name in ("music", "logo", *CARDS):
            source: Path | None = getattr(request, name)
            if source is None:
                continue
            if name in CARDS and is_still(source):
                # The renderer reads every still through one decoder: keep them all PNG.
                save_png_atomic(open_photo(source), inputs / f"{name}.png")
                options[name] = f"{INPUTS}/{name}.png"
            else:
                options[name] = _copy(source, inputs / f"{name}{source.suffix.lower()}")
        if request.voiceover is not None:
            suffix = request.voiceover.suffix.lower() or ".audio"
            options["voiceover"] = _copy(request.voiceover, inputs / f"voiceover{suffix}")
    except BaseException:
        discard_staged(StagedMedia(folder, {}))
        raise
    return StagedMedia(folder, options)


def place_media(storage: Storage, staged: StagedMedia, workdir: Path) -> dict[str, Any]:
    """Move the staged inputs into the project's folder; the options as storage paths."""
    target = workdir / INPUTS
    if target.exists():  # left by an insert that was rolled back (SQLite reuses its ID)
        shutil.rmtree(target)
    os.replace(staged.folder / INPUTS, target)
    staged.folder.rmdir()
    base = storage.relative(workdir)
    return {
        name: [f"{base}/{p}" for p in value] if isinstance(value, list) else f"{base}/{value}"
        for name, value in staged.options.items()
    }


def discard_staged(staged: StagedMedia) -> None:
    """Remove a staging folder whose project was not created."""
    shutil.rmtree(staged.folder, ignore_errors=True)


def _copy(source: Path, final: Path) -> str:
    tmp = final.with_name(f".{final.name}.part")
    shutil.copyfile(source, tmp)
    os.replace(tmp, final)
    return f"{INPUTS}/{final.name}"
