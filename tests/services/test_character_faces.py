"""Character photos must show exactly one face: the refusal names the photo and the reason,
and nothing is stored."""

from pathlib import Path

import pytest
from infra.faces import face_on_backdrop, side_by_side
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import User
from pipeline.characters.checks import check_reference_photo
from pipeline.faces.errors import (
    CharacterPhotoNoFace,
    CharacterPhotoSeveralFaces,
    NoFaceInPhoto,
    SeveralFacesInPhoto,
)
from services import character_studio
from storage.disk import Storage


@pytest.fixture
def faces(tmp_path: Path) -> dict[str, Path]:
    nobody = tmp_path / "nobody.png"
    Image.new("RGB", (640, 800), (40, 120, 200)).save(nobody)
    return {
        "one": face_on_backdrop(tmp_path / "one.jpg", (200, 160, 90), (900, 1200)),
        "nobody": nobody,
        "two": side_by_side(tmp_path / "two.jpg"),
    }


@pytest.mark.parametrize(
    ("names", "error", "params"),
    [
        (["one", "nobody"], CharacterPhotoNoFace, {"number": 2, "name": "nobody.png"}),
        (["two"], CharacterPhotoSeveralFaces, {"number": 1, "name": "two.jpg", "count": 2}),
    ],
)
async def test_photos_without_exactly_one_face_are_refused(
    session: AsyncSession,
    storage: Storage,
    *,
    user: User,
    faces: dict[str, Path],
    names: list[str],
    error: type[Exception],
    params: dict[str, object],
) -> None:
    with pytest.raises(error) as caught:
        await character_studio.create_character(
            session,
            storage,
            user.id,
            name="Octo",
            description="",
            photos=[faces[name] for name in names],
            style="vivid",
        )
    assert getattr(caught.value, "params", None) == params
    assert await character_studio.list_characters(session, user.id) == []
    assert not list(faces["one"].parent.glob("faces/*"))  # checks leave no cache behind


def test_one_photo_is_checked_on_arrival(faces: dict[str, Path]) -> None:
    checked = check_reference_photo(faces["one"])
    assert (checked.width, checked.height, checked.suffix) == (900, 1200, ".jpg")
    with pytest.raises(NoFaceInPhoto):
        check_reference_photo(faces["nobody"])
    with pytest.raises(SeveralFacesInPhoto):
        check_reference_photo(faces["two"])
