"""User pictures opened by Pillow with a format allow-list and a pixel limit.

Only the JPEG, PNG and WebP decoders are tried (`Image.open(formats=...)`): no TIFF, BMP, EPS
or any other of Pillow's plugins ever parses a user's bytes. The size comes from the header
and is checked before a pixel is decoded. Where a caller needs a reduced picture (checks,
face analysis, references, scenes), a JPEG is decoded at a reduced DCT scale (`draft`), which
costs a fraction of a full 40-megapixel decode.
"""

import math
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from pipeline.art.errors import PhotoTooLarge, PhotoUnreadable, PhotoUnsupported
from pipeline.user_media.names import shown_name

MAX_MEGAPIXELS = 40
OPENED_FORMATS = ("JPEG", "PNG", "WEBP")  # Pillow plugin IDs; the JPEG one also reads MPO
SUFFIXES = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp"}
PHOTO_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
_TURNED = frozenset({5, 6, 7, 8})  # EXIF orientations that swap width and height


@dataclass(frozen=True, slots=True)
class PhotoHeader:
    """What the header says: the upright size and the format."""

    width: int
    height: int
    format: str

    @property
    def suffix(self) -> str:
        """The extension a stored copy of this picture gets."""
        return SUFFIXES[self.format]


def _looks_like_photo(path: Path) -> bool:
    """True when the file starts like a JPEG, PNG or WebP (so it is damaged, not foreign)."""
    with path.open("rb") as handle:
        head = handle.read(12)
    return head.startswith(PHOTO_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def _open(path: Path, shown: str) -> Image.Image:
    """The picture with its header read and its size checked; no pixel decoded yet."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path, formats=OPENED_FORMATS)
    except FileNotFoundError as error:
        raise PhotoUnreadable(name=shown, reason="the file does not exist") from error
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise PhotoTooLarge(name=shown, megapixels="over 89", limit=MAX_MEGAPIXELS) from error
    except (UnidentifiedImageError, OSError) as error:
        if _looks_like_photo(path):
            raise PhotoUnreadable(name=shown, reason="the file is damaged") from error
        raise PhotoUnsupported(name=shown, kind="not a picture") from error
    megapixels = image.width * image.height / 1_000_000
    if megapixels > MAX_MEGAPIXELS:  # from the header: nothing decoded yet
        image.close()
        raise PhotoTooLarge(name=shown, megapixels=round(megapixels, 1), limit=MAX_MEGAPIXELS)
    return image


def _upright_size(image: Image.Image) -> tuple[int, int]:
    turned = image.getexif().get(0x0112) in _TURNED
    return (image.height, image.width) if turned else image.size


def read_header(path: Path, *, name: str | None = None) -> PhotoHeader:
    """The upright size and format of a user's picture, from its header alone.

    Raises PhotoUnreadable, PhotoUnsupported (not JPEG, PNG or WebP) or PhotoTooLarge.
    """
    with _open(path, shown_name(name if name is not None else path.name)) as image:
        return PhotoHeader(*_upright_size(image), str(image.format))  # JPEG, MPO, PNG, WEBP


def _draft(image: Image.Image, reduce_to: int | tuple[int, int]) -> None:
    """Decode a JPEG at the smallest DCT scale that keeps what the caller needs."""
    width, height = _upright_size(image)
    if isinstance(reduce_to, int):
        needed = float(reduce_to)
    else:  # the long side the picture has once it covers a (width, height) box
        needed = max(width, height) * max(reduce_to[0] / width, reduce_to[1] / height)
    scale = needed / max(width, height)
    if image.format in {"JPEG", "MPO"} and scale < 1:
        image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))


def open_photo(
    path: Path, *, name: str | None = None, reduce_to: int | tuple[int, int] | None = None
) -> Image.Image:
    """Open, verify and load a user's picture, upright (EXIF orientation applied), in RGB or
    RGBA. `name`: the file's name as the user knows it (default: the path's).

    `reduce_to` says how small the caller will make the picture: at most that many pixels
    on its long side (an int), or just covering a (width, height) box. A JPEG is then
    decoded at the smallest DCT scale (1/2, 1/4, 1/8) that keeps that much.

    Raises PhotoUnreadable, PhotoUnsupported (not JPEG, PNG or WebP) or PhotoTooLarge.
    """
    shown = shown_name(name if name is not None else path.name)
    with _open(path, shown) as image:
        if reduce_to is not None:
            _draft(image, reduce_to)
        try:
            image.load()
            upright = ImageOps.exif_transpose(image)
        except (OSError, SyntaxError, ValueError) as error:
            raise PhotoUnreadable(name=shown, reason=f"the file is damaged ({error})") from error
    has_alpha = upright.mode in {"RGBA", "LA", "PA"} or "transparency" in upright.info
    return upright.convert("RGBA" if has_alpha else "RGB")
