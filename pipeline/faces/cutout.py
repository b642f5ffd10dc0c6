"""The person cut out of a reference photo: a soft-alpha RGBA PNG cropped to the person,
cached by content (photo and model checksums) so each photo is segmented once.

The mask is mediapipe's selfie segmentation (Tasks ImageSegmenter with the 0.10.21 model,
5-10 ms); a light blur (sigma 1.2) and an alpha ramp between 0.3 and 0.7 gave the cleanest
edge in the probe. Islands away from the person (a flag corner) are dropped.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from pipeline.art.save import save_png_atomic
from pipeline.faces.detect import FaceBox
from pipeline.faces.identity import analyse_photo, load_rgb
from pipeline.faces.segment import person_mask
from storage.disk import sha256_of

CUTOUT_VERSION = 1
BLUR_SIGMA = 1.2
RAMP = (0.3, 0.7)
KEEP_ISLAND = 0.15  # a separate blob stays when at least this share of the person's size
MIN_FACE_COVER = 0.5  # below this the mask missed the face: use an oval around it instead
PAD = 4
SOLID, VISIBLE = 0.5, 0.02  # alpha levels: part of the person / worth keeping in the crop


@dataclass(frozen=True, slots=True)
class Cutout:
    """A cut-out PNG, the face inside it and whether the person runs off the photo's bottom."""

    path: Path
    face: FaceBox
    touches_bottom: bool


def soft_alpha(mask: NDArray[np.float32]) -> NDArray[np.float32]:
    """Blurred, then ramped: hard inside, a 1-2 px soft edge, no grey halo far out."""
    # OpenCV costs ~40 MB resident: imported where used, so a process that never cuts a
    # photo out (the render's) does not carry it.
    import cv2  # noqa: PLC0415

    blurred = np.asarray(cv2.GaussianBlur(mask, (0, 0), BLUR_SIGMA), dtype=np.float32)
    low, high = RAMP
    ramped: NDArray[np.float32] = np.clip((blurred - low) / (high - low), 0.0, 1.0)
    return ramped


def keep_person(alpha: NDArray[np.float32], face: FaceBox) -> NDArray[np.float32]:
    """Drop blobs that are neither the face's blob nor a large part of the person."""
    import cv2  # noqa: PLC0415

    count, labels, stats, _ = cv2.connectedComponentsWithStats((alpha > SOLID).astype(np.uint8))
    cx, cy = (face.left + face.right) // 2, (face.top + face.bottom) // 2
    cy, cx = min(max(cy, 0), alpha.shape[0] - 1), min(max(cx, 0), alpha.shape[1] - 1)
    main = int(labels[cy, cx]) or (
        int(np.argmax(stats[1:, cv2.CC_STAT_AREA])) + 1 if count > 1 else 0
    )
    if main == 0:
        return alpha
    keep = stats[:, cv2.CC_STAT_AREA] >= KEEP_ISLAND * stats[main, cv2.CC_STAT_AREA]
    keep[0], keep[main] = False, True
    near = cv2.dilate(keep[labels].astype(np.uint8), np.ones((5, 5), np.uint8))
    return alpha * near.astype(np.float32)


def oval_alpha(shape: tuple[int, int], face: FaceBox) -> NDArray[np.float32]:
    """Head and shoulders as a soft oval below the face, when segmentation missed the face."""
    import cv2  # noqa: PLC0415

    mask = np.zeros(shape, np.uint8)
    centre = ((face.left + face.right) // 2, face.bottom)
    axes = (round(face.width * 1.3), round(face.height * 1.6))
    cv2.ellipse(mask, centre, axes, 0, 0, 360, 255, -1)
    smooth = cv2.GaussianBlur(mask.astype(np.float32) / 255, (0, 0), 8)
    return soft_alpha(np.asarray(smooth, dtype=np.float32))


def cutout_name(photo_sha: str, model: Path) -> str:
    key = f"{photo_sha}|{sha256_of(model)}|{CUTOUT_VERSION}".encode()
    return f"cutout_{hashlib.sha256(key).hexdigest()[:16]}.png"


def read_cutout(path: Path) -> Cutout:
    """A cached cut-out with the face box and bottom flag from its PNG text."""
    with Image.open(path) as image:
        text = dict(getattr(image, "text", {}))
    left, top, right, bottom = (int(v) for v in text["face"].split(","))
    return Cutout(path, FaceBox(left, top, right, bottom), text["touches_bottom"] == "1")


def person_alpha(rgb: NDArray[np.uint8], face: FaceBox, model: Path) -> NDArray[np.float32]:
    """The soft alpha of the person whose face is `face`."""
    alpha = keep_person(soft_alpha(person_mask(rgb, model)), face)
    around_face = alpha[max(face.top, 0) : face.bottom, max(face.left, 0) : face.right]
    if around_face.size == 0 or (around_face > SOLID).mean() < MIN_FACE_COVER:
        return oval_alpha(alpha.shape, face)
    return alpha


def alpha_bytes(alpha: NDArray[np.float32]) -> NDArray[np.uint8]:
    """0..1 alpha as 0..255 bytes; NaN (never expected after `checked_mask`) is transparent."""
    finite = np.nan_to_num(alpha, nan=0.0, posinf=1.0, neginf=0.0)
    return np.round(np.clip(finite, 0.0, 1.0) * 255).astype(np.uint8)


def crop_box(alpha: NDArray[np.float32]) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) around every visible alpha pixel, padded."""
    rows, cols = np.nonzero(alpha > VISIBLE)
    height, width = alpha.shape
    return (
        max(int(cols.min()) - PAD, 0),
        max(int(rows.min()) - PAD, 0),
        min(int(cols.max()) + PAD + 1, width),
        min(int(rows.max()) + PAD + 1, height),
    )


def cut_out(photo: Path, model: Path, cache_dir: Path) -> Cutout:
    """The person in `photo` as a cropped RGBA PNG in `cache_dir` (made once per content)."""
    face = analyse_photo(photo)
    target = cache_dir / cutout_name(face.sha256, model)
    if target.is_file():
        return read_cutout(target)
    rgb = load_rgb(photo)
    box = face.box
    alpha = person_alpha(rgb, box, model)
    left, top, right, bottom = crop_box(alpha)
    rgba = np.dstack([rgb, alpha_bytes(alpha)])[top:bottom, left:right]
    inner = FaceBox(box.left - left, box.top - top, box.right - left, box.bottom - top)
    touches = bool((alpha[-2:] > SOLID).any())
    text = {
        "face": f"{inner.left},{inner.top},{inner.right},{inner.bottom}",
        "touches_bottom": "1" if touches else "0",
    }
    save_png_atomic(Image.fromarray(np.ascontiguousarray(rgba), "RGBA"), target, text=text)
    return Cutout(target, inner, touches)
