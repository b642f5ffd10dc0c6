"""Face boxes and identity embeddings with dlib (HOG detector, 5-point landmarks, ResNet).

Measured at 1080x1920: HOG with upsample 0 takes 0.15 s, upsample 1 takes 0.61 s and found a
false second face on a mission patch, so big frames use 0 and only small photos use 1.

dlib's detector and ResNet keep per-call buffers inside the shared objects and release the GIL
while they run, so two threads in them at once corrupt those buffers (a segfault when fal's
scenes were scored in parallel threads). Every use goes through `DLIB_LOCK`. Measured on the
idle 2-core machine, 16 stills of 1080x1920 scored from 4 threads: 6.0 s serially, 5.8-6.3 s
under the one lock, 4.8 s with a detector per thread and only the encoder locked (a detector
costs 0.35 s and 1.4 MB to build, per thread, for the thread's life). fal's scenes are scored
as they arrive, between downloads of seconds each, so the lock rarely waits.
"""

import threading
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from pipeline.faces.models import dlib_models

SMALL_PHOTO_PIXELS = 1_000_000  # below this, upsample once to find faces of ~40 px
SECOND_FACE_MIN = 0.5  # another face counts when its width is at least this share of the largest
DLIB_LOCK = threading.Lock()  # one thread at a time in dlib's models (loading included)

Embedding = NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class FaceBox:
    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top


def upsample_for(rgb: NDArray[np.uint8]) -> int:
    """1 on small photos, 0 on big frames (slower and no better there)."""
    return 1 if rgb.shape[0] * rgb.shape[1] < SMALL_PHOTO_PIXELS else 0


def detect_faces(
    rgb: NDArray[np.uint8], upsample: int | None = None, *, min_share: float = SECOND_FACE_MIN
) -> list[FaceBox]:
    """Faces in an RGB array, largest first; extra detections narrower than `min_share` of the
    largest (patches, prints) dropped."""
    times = upsample_for(rgb) if upsample is None else upsample
    image = np.ascontiguousarray(rgb)
    with DLIB_LOCK:
        detector, _, _ = dlib_models()
        found = detector(image, times)
    boxes = sorted(
        (FaceBox(r.left(), r.top(), r.right(), r.bottom()) for r in found),
        key=lambda b: b.width * b.height,
        reverse=True,
    )
    return [b for b in boxes if b.width >= min_share * boxes[0].width]


def embed(rgb: NDArray[np.uint8], box: FaceBox) -> Embedding:
    """The unit-length 128-d identity embedding of the face in `box`."""
    import dlib  # type: ignore[import-untyped]  # noqa: PLC0415 (loaded by dlib_models)

    # face_recognition_model_v1 raises TypeError on non-contiguous arrays (crops, flips).
    image = np.ascontiguousarray(rgb)
    with DLIB_LOCK:
        _, shape_predictor, encoder = dlib_models()
        shape = shape_predictor(image, dlib.rectangle(box.left, box.top, box.right, box.bottom))
        descriptor = encoder.compute_face_descriptor(image, shape, 1)
    return unit(np.asarray(descriptor, dtype=np.float32))


def unit(vector: NDArray[np.float32]) -> Embedding:
    """`vector` scaled to length 1 (dlib's embeddings have a norm of about 1.4)."""
    norm = float(np.linalg.norm(vector))
    return (vector / norm).astype(np.float32) if norm > 0 else vector.astype(np.float32)


def largest_face_embedding(rgb: NDArray[np.uint8]) -> Embedding | None:
    """The embedding of the largest face, or None when there is none."""
    boxes = detect_faces(rgb)
    return embed(rgb, boxes[0]) if boxes else None
