"""Person segmentation with mediapipe Tasks' ImageSegmenter and the selfie model file.

mediapipe is imported here only (0.6 s and ~130 MB of native code), by the process that
cuts photos out; scene drawing and scoring never load it.
"""

from pathlib import Path

import numpy as np
from numpy.typing import NDArray


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
    mask = np.asarray(result.confidence_masks[0].numpy_view(), dtype=np.float32)
    return np.ascontiguousarray(mask.reshape(rgb.shape[:2]))
