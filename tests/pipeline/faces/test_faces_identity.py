"""Face identity: the reference from photos, similarity, and refused reference photos."""

import shutil
from pathlib import Path

import numpy as np
import pytest

from pipeline.faces.errors import NoFaceInPhoto, SeveralFacesInPhoto
from pipeline.faces.identity import (
    FaceReference,
    analyse_photo,
    reference_from_photos,
    similarity,
)


def test_the_same_photo_scores_one_and_another_person_scores_lower(
    grace: Path, luis: Path
) -> None:
    reference = reference_from_photos([grace])
    assert isinstance(reference, FaceReference)
    assert reference.photos == 1
    assert len(reference.embedding) == 128
    assert np.linalg.norm(reference.vector) == pytest.approx(1.0, abs=1e-5)
    same = similarity(reference, grace)
    other = similarity(reference, luis)
    assert same is not None
    assert same > 0.999
    assert other is not None
    assert other < 0.9  # measured 0.83
    assert similarity(reference_from_photos([luis]), luis) == pytest.approx(1.0, abs=1e-3)


def test_a_picture_without_a_face_scores_none(grace: Path, nobody: Path) -> None:
    assert similarity(reference_from_photos([grace]), nobody) is None


def test_the_reference_averages_several_photos(grace: Path, luis: Path) -> None:
    both = reference_from_photos([grace, luis])
    assert both.photos == 2
    to_grace, to_luis = similarity(both, grace), similarity(both, luis)
    assert to_grace is not None
    assert to_luis is not None
    assert abs(to_grace - to_luis) < 0.02  # halfway between the two


def test_a_photo_without_a_face_is_refused(nobody: Path) -> None:
    with pytest.raises(NoFaceInPhoto) as caught:
        analyse_photo(nobody)
    assert caught.value.key == "error-face-none"
    assert caught.value.params == {"name": "nobody.png"}


def test_a_photo_with_two_people_is_refused(two_people: Path) -> None:
    with pytest.raises(SeveralFacesInPhoto) as caught:
        reference_from_photos([two_people])
    assert caught.value.key == "error-face-several"
    assert caught.value.params == {"name": "two.jpg", "count": 2}


def test_the_face_is_cached_beside_the_photo(tmp_path: Path, grace: Path) -> None:
    photo = Path(shutil.copy(grace, tmp_path / "me.jpg"))
    first = analyse_photo(photo)
    cached = list((tmp_path / "faces").glob("face_*.json"))
    assert len(cached) == 1
    assert analyse_photo(photo) == first
    assert not (tmp_path / "other" / "faces").exists()
    unchecked = Path(shutil.copy(grace, tmp_path / "unchecked.jpg"))
    cached[0].unlink()
    analyse_photo(unchecked, cache=False)
    assert not list((tmp_path / "faces").glob("face_*.json"))
