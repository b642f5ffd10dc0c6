"""Where the face and segmentation models live; loaded once per process, never downloaded.

dlib's models come from the face_recognition_models wheel. That package is located, not
imported: its `__init__` imports pkg_resources, which setuptools >= 81 no longer ships.
"""

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.errors import ToolMissing
from pipeline.faces.errors import SegmentationModelMissing

SEGMENTATION_WHEEL = "mediapipe==0.10.21"  # the newest mediapipe with models inside the wheel
SEGMENTATION_MEMBER = "mediapipe/modules/selfie_segmentation/selfie_segmentation.tflite"
SEGMENTATION_NAME = "selfie_segmentation.tflite"
SEGMENTATION_SIZE = 249_505
SEGMENTATION_SHA256 = "9ee168ec7c8f2a16c56fe8e1cfbc514974cbbb7e434051b455635f1bd1462f5c"
SHAPE_5_POINT = "shape_predictor_5_face_landmarks.dat"
RESNET = "dlib_face_recognition_resnet_model_v1.dat"


def models_dir() -> Path:
    """The venv's own models folder (filled by `python -m pipeline.faces.install_models`)."""
    return Path(sys.prefix) / "share" / "shorts-factory" / "models"


def segmentation_model(override: Path | None = None) -> Path:
    """The selfie-segmentation model: `override` (FacesSettings) or the installed copy.

    Raises SegmentationModelMissing when the file is not there.
    """
    path = override if override is not None else models_dir() / SEGMENTATION_NAME
    if not path.is_file():
        raise SegmentationModelMissing(path=str(path))
    return path


def dlib_model(name: str) -> Path:
    """A model file shipped in the face_recognition_models wheel."""
    spec = importlib.util.find_spec("face_recognition_models")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        path = Path(folder) / "models" / name
        if path.is_file():
            return path
    raise ToolMissing(tool="face_recognition_models", hint=f"{name} not found; run make install")


@lru_cache(maxsize=1)
def dlib_models() -> tuple[Any, Any, Any]:
    """(HOG detector, 5-point shape predictor, ResNet encoder), loaded once per process."""
    import dlib  # type: ignore[import-untyped]  # noqa: PLC0415 (0.6 s, only when used)

    return (
        dlib.get_frontal_face_detector(),
        dlib.shape_predictor(str(dlib_model(SHAPE_5_POINT))),
        dlib.face_recognition_model_v1(str(dlib_model(RESNET))),
    )
