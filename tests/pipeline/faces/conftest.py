"""Face test media: real faces from installed wheels, a scene with nobody, two people."""

import shutil
from pathlib import Path

import pytest
from infra.faces import grace_hopper, other_person, side_by_side

from pipeline.art.procedural import draw_scene
from pipeline.faces.models import segmentation_model


@pytest.fixture(scope="session")
def model() -> Path:
    """The installed segmentation model (`make install` puts it in the venv)."""
    return segmentation_model()


@pytest.fixture(scope="session")
def faces_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("faces")


@pytest.fixture(scope="session")
def grace(faces_dir: Path) -> Path:
    """A copy (caches are written beside a photo)."""
    return Path(shutil.copy(grace_hopper(), faces_dir / "grace.jpg"))


@pytest.fixture(scope="session")
def luis(faces_dir: Path) -> Path:
    return Path(shutil.copy(other_person(), faces_dir / "luis.jpg"))


@pytest.fixture(scope="session")
def nobody(faces_dir: Path) -> Path:
    path = faces_dir / "nobody.png"
    draw_scene(0, 1, "a lighthouse at dusk", "Lighthouses", "vivid", (600, 800), 3).save(path)
    return path


@pytest.fixture(scope="session")
def two_people(faces_dir: Path) -> Path:
    return side_by_side(faces_dir / "two.jpg")
