"""The person cut out of a photo: a sane soft mask, cropped, cached by content."""

import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.faces.cutout import cut_out, keep_person, oval_alpha, read_cutout
from pipeline.faces.detect import FaceBox
from pipeline.faces.errors import NoFaceInPhoto


def test_the_cutout_is_the_person_with_a_soft_edge(
    tmp_path: Path, grace: Path, model: Path
) -> None:
    cutout = cut_out(grace, model, tmp_path)
    with Image.open(cutout.path) as image:
        assert image.mode == "RGBA"
        alpha = np.asarray(image.getchannel("A"), dtype=np.float32) / 255
    assert 0.4 < (alpha > 0.5).mean() < 0.85  # head and shoulders fill the crop; measured 0.60
    assert alpha.min() == 0.0
    assert alpha.max() == 1.0
    assert ((alpha > 0.05) & (alpha < 0.95)).mean() < 0.05  # a thin soft edge, no haze
    face = cutout.face
    assert 0 <= face.left < face.right <= alpha.shape[1]
    assert 0 <= face.top < face.bottom <= alpha.shape[0]
    assert alpha[face.top : face.bottom, face.left : face.right].mean() > 0.9
    inner_x, inner_y = (
        slice(face.left + face.width // 4, face.right - face.width // 4),
        slice(face.top + face.height // 4, face.bottom - face.height // 4),
    )
    assert alpha[inner_y, inner_x].min() == 1.0
    assert cutout.touches_bottom  # a bust: the photo cuts the person at the bottom
    assert alpha[:3].max() < 1.0 or alpha[:, :3].max() < 1.0  # cropped around the person


def test_a_cutout_is_made_once_per_content(tmp_path: Path, grace: Path, model: Path) -> None:
    first = cut_out(grace, model, tmp_path)
    stamp = first.path.stat().st_mtime_ns
    copy = Path(shutil.copy(grace, tmp_path / "copy.jpg"))
    again = cut_out(copy, model, tmp_path)
    assert again == first
    assert again.path.stat().st_mtime_ns == stamp
    assert read_cutout(first.path) == first
    assert len(list(tmp_path.glob("cutout_*.png"))) == 1


def test_a_photo_without_a_face_is_not_cut_out(tmp_path: Path, nobody: Path, model: Path) -> None:
    with pytest.raises(NoFaceInPhoto):
        cut_out(nobody, model, tmp_path)
    assert not list(tmp_path.glob("cutout_*.png"))


def test_islands_away_from_the_person_are_dropped() -> None:
    alpha = np.zeros((200, 200), np.float32)
    alpha[40:200, 60:140] = 1.0  # the person
    alpha[180:195, 5:20] = 1.0  # a flag corner
    alpha[10:190, 160:195] = 1.0  # a large part of the person, apart (an arm)
    kept = keep_person(alpha, FaceBox(80, 50, 120, 90))
    assert kept[100, 100] == 1.0
    assert kept[185, 10] == 0.0
    assert kept[100, 180] == 1.0


def test_a_missed_face_gets_an_oval_around_it() -> None:
    face = FaceBox(80, 40, 120, 80)
    alpha = oval_alpha((200, 200), face)
    assert alpha[face.top + 20, face.left + 20] == 1.0
    assert alpha[5, 5] == 0.0
    assert alpha.max() == 1.0
