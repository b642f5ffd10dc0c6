"""Person segmentation with mediapipe Tasks' ImageSegmenter and the selfie model file.

mediapipe is imported here only (0.6 s and ~130 MB of native code), by the process that
cuts photos out; scene drawing and scoring never load it.
"""

from pathlib import Path

import numpy as np
import structlog
from numpy.typing import NDArray

log = structlog.get_logger(__name__)


def checked_mask(raw: NDArray[np.floating]) -> NDArray[np.float32]:
    """The model's confidences as 0..1, NaN counted as background.

    A mask came back NaN in a worker forked beside threads; whatever the cause, NaN must not
    reach the uint8 alpha (the cast is undefined for it).
    """
    mask = np.asarray(raw, dtype=np.float32)
    bad = ~np.isfinite(mask)
    if bad.any():
        log.warning("faces.mask_not_finite", pixels=int(bad.sum()), total=int(mask.size))
        mask = np.nan_to_num(mask, nan=0.0, posinf=1.0, neginf=0.0)
    return np.clip(mask, 0.0, 1.0)


def person_mask(rgb: NDArray[np.uint8], model: Path) -> NDArray[np.float32]:
    """The person's confidence (0..1) for every pixel of an RGB array."""
    import mediapipe as mp  # type: ignore[import-untyped]  # noqa: PLC0415
    from mediapipe.tasks.python import BaseOptions, vision  # type: ignore[import-untyped]  # noqa: PLC0415

    options = vision.ImageSegmenterOptions(
        base_options=BaseOptions(model_asset_path=str(model)),
        running_mode=vision.RunningMode.IMAGE,
        output_confidence_masks=True,
        output_category_mask=False,
    )
    image = mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb))
    with vision.ImageSegmenter.create_from_options(options) as segmenter:
        result = segmenter.segment(image)
    mask = checked_mask(result.confidence_masks[0].numpy_view())
    return np.ascontiguousarray(mask.reshape(rgb.shape[:2]))
