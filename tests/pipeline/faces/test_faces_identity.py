"""Face identity: the reference from photos, similarity, and refused reference photos."""

import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

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


def test_the_character_is_found_beside_a_bigger_face(
    grace: Path, luis: Path, tmp_path: Path
) -> None:
    """A bigger face in the frame (another person, or a dot grid HOG takes for one) must not
    hide the character: the score is the best match, not the largest face's."""
    reference = reference_from_photos([grace])
    frame = Image.new("RGB", (1200, 900), (30, 30, 60))
    with Image.open(grace) as small, Image.open(luis) as big:
        frame.paste(small.convert("RGB").resize((341, 400)), (20, 300))
        frame.paste(big.convert("RGB").resize((big.width * 2, big.height * 2)), (420, 40))
    path = tmp_path / "two.png"
    frame.save(path)

    score = similarity(reference, path)

    assert score is not None
    assert score > 0.95
