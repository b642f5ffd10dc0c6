"""Atomic still writes: a temporary name in the same folder, then `os.replace`.

Measured on a grain-textured 1080x1920 scene (2 cores): PNG level 1 writes in ~95 ms
(2.5 MB), PNG level 6 in ~345 ms (2.3 MB), JPEG q95 4:4:4 in ~8 ms (0.9 MB). Decoding
differs little once FFmpeg decodes each still once (zoompan on a single frame: 0.4-0.75 s
for 150 frames with either). Scene stills stay lossless PNG at level 1; thumbnails are
JPEG, because platforms cap thumbnail uploads (YouTube: 2 MB).
"""

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from PIL import Image
from PIL.PngImagePlugin import PngInfo

PNG_COMPRESS_LEVEL = 1
JPEG_QUALITY = 92


def _write_atomic(path: Path, write: Callable[[BinaryIO], None]) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target


def save_png_atomic(image: Image.Image, path: Path, text: dict[str, str] | None = None) -> Path:
    """Write `image` as PNG to `path`; readers never see a half-written file.

    `text` goes into tEXt chunks ahead of the pixels (read back from `Image.open(...).text`).
    """
    info = PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    return _write_atomic(
        path,
        lambda handle: image.save(
            handle, format="PNG", compress_level=PNG_COMPRESS_LEVEL, pnginfo=info
        ),
    )


def write_text_atomic(path: Path, text: str) -> Path:
    """Write UTF-8 `text` to `path` atomically (small caches and sidecars)."""
    data = text.encode("utf-8")

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    return _write_atomic(path, write)


def save_jpeg_atomic(image: Image.Image, path: Path, quality: int = JPEG_QUALITY) -> Path:
    """Write `image` as a high-quality JPEG to `path` (for thumbnails with upload caps)."""
    rgb = image.convert("RGB")
    return _write_atomic(
        path, lambda handle: rgb.save(handle, format="JPEG", quality=quality, optimize=True)
    )
