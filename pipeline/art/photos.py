"""User photos as scene stills: checked, upright, and fitted to the frame without losing faces.

Photos close to the frame's shape are cover-cropped (a vertical crop keeps the upper part,
where faces usually are). Others — landscape, square, very tall — are shown whole over a
blurred, darkened copy of themselves.
"""

from pathlib import Path

from PIL import Image, ImageEnhance, ImageFilter

from pipeline.art.procedural import check_size
from pipeline.user_media.images import open_photo

COVER_RATIO = 1.35  # cover-crop when the aspects differ by at most this factor
BACKDROP_DIM = 0.55
CROP_TOP_BIAS = 0.3  # a vertical crop keeps this share of the cut above the picture


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
    photo = open_photo(Path(path), reduce_to=(w, h))  # covering the frame: the most needed
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
