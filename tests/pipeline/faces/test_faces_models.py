"""The models: dlib's from its wheel, the segmentation model installed once, never fetched
at run time."""

import shutil
import zipfile
from pathlib import Path

import pytest

from core.errors import ToolMissing
from pipeline.faces import install_models
from pipeline.faces.errors import SegmentationModelMissing
from pipeline.faces.models import (
    RESNET,
    SEGMENTATION_MEMBER,
    SEGMENTATION_NAME,
    SHAPE_5_POINT,
    dlib_model,
    segmentation_model,
)


def test_the_installed_model_is_the_checked_file(model: Path) -> None:
    assert model.name == SEGMENTATION_NAME
    assert install_models.is_valid(model.read_bytes())


def test_a_missing_model_asks_for_make_install(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.tflite"
    with pytest.raises(SegmentationModelMissing) as caught:
        segmentation_model(missing)
    assert isinstance(caught.value, ToolMissing)
    assert caught.value.key == "error-segmentation-model-missing"
    assert "make install" in str(caught.value)
    assert caught.value.params == {"path": str(missing)}


def test_the_settings_override_wins(tmp_path: Path, model: Path) -> None:
    copy = Path(shutil.copy(model, tmp_path / "mine.tflite"))
    assert segmentation_model(copy) == copy


def test_install_keeps_a_valid_model_without_downloading(tmp_path: Path, model: Path) -> None:
    shutil.copy(model, tmp_path / SEGMENTATION_NAME)
    assert install_models.install(tmp_path) == tmp_path / SEGMENTATION_NAME


def test_the_model_is_taken_from_the_wheel_and_checked(tmp_path: Path, model: Path) -> None:
    wheel = tmp_path / "mediapipe-0.10.21-cp311-cp311-manylinux_2_28_x86_64.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(SEGMENTATION_MEMBER, model.read_bytes())
        archive.writestr("mediapipe/__init__.py", "")
    assert install_models.extract_model(wheel) == model.read_bytes()
    target = tmp_path / "models" / SEGMENTATION_NAME
    install_models.write_atomic(model.read_bytes(), target)
    assert target.read_bytes() == model.read_bytes()
    assert list(target.parent.iterdir()) == [target]
    damaged = tmp_path / "damaged.whl"
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr(SEGMENTATION_MEMBER, model.read_bytes()[:-10])
    with pytest.raises(RuntimeError, match="unexpected checksum"):
        install_models.extract_model(damaged)


def test_dlib_models_come_from_the_wheel() -> None:
    for name in (SHAPE_5_POINT, RESNET):
        assert dlib_model(name).is_file()
    with pytest.raises(ToolMissing):
        dlib_model("no_such_model.dat")
