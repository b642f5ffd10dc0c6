"""Locate the ffmpeg executable."""

import os
from pathlib import Path

import imageio_ffmpeg

from core.errors import ToolMissing


def find_ffmpeg(configured: str | None) -> str:
    """Return `configured` if it is an executable file, else the imageio-ffmpeg binary.

    Raises:
        ToolMissing: the configured path is not executable, or no bundled binary exists.
    """
    if configured:
        path = Path(configured)
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
        raise ToolMissing(
            tool="ffmpeg",
            hint=f"{configured} is not an executable file; fix RENDER__FFMPEG or unset it "
            "to use the binary bundled with imageio-ffmpeg",
        )
    try:
        exe: str = imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError as exc:  # the wheel has no binary for this platform
        raise ToolMissing(
            tool="ffmpeg", hint=f"install imageio-ffmpeg>=0.8.1 or set RENDER__FFMPEG ({exc})"
        ) from exc
    return exe
