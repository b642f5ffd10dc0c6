"""User photos as scene stills: checked, upright, and fitted to the frame without losing faces.

Photos close to the frame's shape are cover-cropped (a vertical crop keeps the upper part,
where faces usually are). Others — landscape, square, very tall — are shown whole over a
blurred, darkened copy of themselves.
"""

import warnings
from pathlib import Path

from PIL import Image, ImageEnhance, ImageFilter, ImageOps, UnidentifiedImageError

from pipeline.art.errors import PhotoTooLarge, PhotoUnreadable, PhotoUnsupported
from pipeline.art.procedural import check_size

MAX_MEGAPIXELS = 40
ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "BMP", "TIFF"})
COVER_RATIO = 1.35  # cover-crop when the aspects differ by at most this factor
BACKDROP_DIM = 0.55
CROP_TOP_BIAS = 0.3
PHOTO_MAGIC = (
    b"\xff\xd8\xff",
    b"\x89PNG\r\n\x1a\n",
)  # a vertical crop keeps this share of the cut above the picture


def _looks_like_photo(path: Path) -> bool:
    """True when the file starts like a JPEG, PNG or WebP (so it is damaged, not foreign)."""
    with path.open("rb") as handle:
        head = handle.read(12)
    return head.startswith(PHOTO_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def open_photo(path: Path) -> Image.Image:
    """Open, verify and load `path`, upright (EXIF orientation applied), in RGB or RGBA."""
    name = path.name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except FileNotFoundError as error:
        raise PhotoUnreadable(name=name, reason="the file does not exist") from error
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise PhotoTooLarge(name=name, megapixels="over 89", limit=MAX_MEGAPIXELS) from error
    except (UnidentifiedImageError, OSError) as error:
        if _looks_like_photo(path):
            raise PhotoUnreadable(name=name, reason="the file is damaged") from error
        raise PhotoUnsupported(name=name, kind="not a picture") from error
    with image:
        if image.format not in ACCEPTED_FORMATS:
            raise PhotoUnsupported(name=name, kind=f"a {image.format} file")
        megapixels = image.width * image.height / 1_000_000
        if megapixels > MAX_MEGAPIXELS:
            raise PhotoTooLarge(name=name, megapixels=round(megapixels, 1), limit=MAX_MEGAPIXELS)
        try:
            image.load()
            upright = ImageOps.exif_transpose(image)
        except (OSError, SyntaxError, ValueError) as error:
            raise PhotoUnreadable(name=name, reason=f"the file is damaged ({error})") from error
    has_alpha = upright.mode in {"RGBA", "LA", "PA"} or "transparency" in upright.info
    return upright.convert("RGBA" if has_alpha else "RGB")


def cover(image: Image.Image, size: tuple[int, int], top_bias: float = 0.5) -> Image.Image:
    """Scale `image` to fill `size` and crop the overflow (`top_bias` of a vertical cut on top)."""
    w, h = size
    scale = max(w / image.width, h / image.height)
    scaled_w, scaled_h = max(w, round(image.width * scale)), max(h, round(image.height * scale))
    left = (scaled_w - w) / 2
    top = (scaled_h - h) * top_bias
    box = (left / scale, top / scale, (left + w) / scale, (top + h) / scale)
    return image.resize(size, Image.Resampling.LANCZOS, box=box)


def backdrop(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """A blurred, darkened cover-fit copy of `image`, made small and scaled up (cheap)."""
    small_size = (max(size[0] // 8, 1), max(size[1] // 8, 1))
    small = cover(image.convert("RGB"), small_size).filter(ImageFilter.GaussianBlur(6))
    small = ImageEnhance.Brightness(small).enhance(BACKDROP_DIM)
    return small.resize(size, Image.Resampling.BICUBIC)


def fit_photo(path: Path, size: tuple[int, int] = (1080, 1920)) -> Image.Image:
    """Return the photo at `path` as an RGB image of exactly `size`.

    Raises `PhotoUnreadable`, `PhotoUnsupported` (GIF, text, unknown) or `PhotoTooLarge`.
    """
    w, h = check_size(size)
    photo = open_photo(Path(path))
    ratio = (photo.width / photo.height) / (w / h)
    if 1 / COVER_RATIO <= ratio <= COVER_RATIO and photo.mode == "RGB":
        return cover(photo, (w, h), top_bias=CROP_TOP_BIAS)
    canvas = backdrop(photo, (w, h))
    scale = min(w / photo.width, h / photo.height)
    inner = photo.resize(
        (max(1, round(photo.width * scale)), max(1, round(photo.height * scale))),
        Image.Resampling.LANCZOS,
    )
    position = ((w - inner.width) // 2, (h - inner.height) // 2)
    canvas.paste(inner, position, inner if inner.mode == "RGBA" else None)
    return canvas
