"""Character Studio: creation with checks, preview, default, delete, owner checks, options."""

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from db.models import CharacterPhoto, User
from pipeline.faces.identity import FaceReference, analyse_photo, similarity
from services import character_studio
from storage.disk import Storage


def request(photos: dict[str, Path], /, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": "Captain Octo",
        "description": "A curious octopus who explains science.",
        "photos": [photos["portrait"], photos["landscape"]],
        "style": "vivid",
        "colours": ["#FF8800", "2ec4b6"],
        "logo": photos["logo"],
    }
    return {**fields, **changes}


async def test_create_stores_photos_and_logo(
    session: AsyncSession, storage: Storage, user: User, photos: dict[str, Path]
) -> None:
    character = await character_studio.create_character(
        session, storage, user.id, **request(photos, style=" Neon ")
    )
    folder = f"users/{user.id}/characters/{character.id}"
    assert character.style == "neon"
    assert character.colours == ["#ff8800", "#2ec4b6"]
    assert character.is_default
    assert [(p.index, p.path, p.width, p.height) for p in character.photos] == [
        (0, f"{folder}/photo_1.jpg", 900, 1200),
        (1, f"{folder}/photo_2.png", 1600, 900),
    ]
    assert character.logo_path == f"{folder}/logo.png"
    assert (
        storage.resolve(character.photos[0].path).read_bytes() == photos["portrait"].read_bytes()
    )
    assert character_studio.character_options(character) == {
        "character_id": character.id,
        "photos": [f"{folder}/photo_1.jpg", f"{folder}/photo_2.png"],
        "style": "neon",
        "colours": ["#ff8800", "#2ec4b6"],
        "logo": f"{folder}/logo.png",
    }


@pytest.mark.parametrize(
    ("changes", "key", "params"),
    [
        ({"name": "  "}, "error-character-name", {"limit": 64}),
        ({"name": "x" * 65}, "error-character-name", {"limit": 64}),
        ({"description": "d" * 501}, "error-character-description-too-long", None),
        ({"style": "baroque"}, "error-unknown-style", None),
        ({"colours": ["#12345g"]}, "error-character-colour", {"value": "#12345g"}),
        ({"colours": ["#000"] * 6}, "error-character-colour-count", {"limit": 5, "count": 6}),
        ({"photos": []}, "error-character-photo-count", {"low": 1, "high": 5, "count": 0}),
        ({"photos": ["portrait"] * 6}, "error-character-photo-count", None),
        ({"photos": ["portrait", "gif"]}, "error-character-photo-unsupported", {"number": 2}),
        ({"photos": ["corrupt"]}, "error-character-photo-unreadable", {"number": 1}),
        ({"photos": ["portrait", "text"]}, "error-character-photo-unsupported", {"number": 2}),
        ({"photos": ["huge"]}, "error-character-photo-too-large", {"number": 1}),
        ({"logo": "gif"}, "error-photo-unsupported", None),
    ],
)
async def test_bad_input_gets_its_key_and_stores_nothing(
    session: AsyncSession,
    storage: Storage,
    *,
    user: User,
    photos: dict[str, Path],
    changes: dict[str, Any],
    key: str,
    params: dict[str, Any] | None,
) -> None:
    if "photos" in changes:
        changes["photos"] = [photos[name] for name in changes["photos"]]
    if "logo" in changes:
        changes["logo"] = photos[changes["logo"]]
    with pytest.raises(DomainError) as caught:
        await character_studio.create_character(
            session, storage, user.id, **request(photos, **changes)
        )
    assert caught.value.key == key
    if params is not None:
        assert params.items() <= caught.value.params.items()
    assert await character_studio.list_characters(session, user.id) == []
    assert not (storage.user_dir(user.id) / "characters").exists()


async def test_preview_is_a_vertical_png_of_a_scene_with_the_person(
    session: AsyncSession, storage: Storage, user: User, photos: dict[str, Path]
) -> None:
    character = await character_studio.create_character(
        session, storage, user.id, **request(photos)
    )
    out = await character_studio.preview_character(session, storage, user.id, character.id)
    assert out == storage.resolve(f"users/{user.id}/characters/{character.id}/preview.png")
    with Image.open(out) as image:
        assert (image.format, image.size) == ("PNG", (1080, 1920))
        pixels = np.asarray(image.convert("RGB"), dtype=np.float32)
    # The portrait's face is in the scene, recognisably.
    face = analyse_photo(photos["portrait"], cache=False)
    assert (similarity(FaceReference(face.embedding, 1), out) or 0) > 0.95
    # The person is cut out: the photo's backdrop (240, 200, 120) is not in the scene.
    backdrop = np.all(np.abs(pixels - (240, 200, 120)) < 20, axis=-1)
    assert backdrop.mean() < 0.005


async def test_default_and_delete(
    session: AsyncSession, storage: Storage, user: User, photos: dict[str, Path]
) -> None:
    first = await character_studio.create_character(session, storage, user.id, **request(photos))
    second = await character_studio.create_character(
        session, storage, user.id, **request(photos, name="Second", logo=None, colours=None)
    )
    assert (first.is_default, second.is_default, second.logo_path) == (True, False, None)
    await character_studio.set_default_character(session, user.id, second.id)
    listed = await character_studio.list_characters(session, user.id)
    assert [(c.id, c.is_default) for c in listed] == [(second.id, True), (first.id, False)]

    await character_studio.preview_character(session, storage, user.id, first.id)
    folder = storage.resolve(f"users/{user.id}/characters/{first.id}")
    first_id = first.id
    await character_studio.delete_character(session, storage, user.id, first_id)
    photo_rows = select(func.count()).where(CharacterPhoto.character_id == first_id)
    assert await session.scalar(photo_rows) == 0
    assert not folder.exists()  # gone with the service's commit
    assert storage.resolve(f"users/{user.id}/characters/{second.id}/photo_1.jpg").is_file()
    assert [c.id for c in await character_studio.list_characters(session, user.id)] == [second.id]


async def test_another_users_character_is_not_found(
    session: AsyncSession, storage: Storage, user: User, stranger: User, photos: dict[str, Path]
) -> None:
    character = await character_studio.create_character(
        session, storage, user.id, **request(photos)
    )
    calls = [
        character_studio.get_character(session, stranger.id, character.id),
        character_studio.preview_character(session, storage, stranger.id, character.id),
        character_studio.set_default_character(session, stranger.id, character.id),
        character_studio.delete_character(session, storage, stranger.id, character.id),
        character_studio.get_character(session, user.id, character.id + 10**6),
    ]
    for call in calls:
        with pytest.raises(DomainError) as caught:
            await call
        assert (caught.value.key, caught.value.params) == (
            "error-not-found",
            {"what": "character"},
        )
    assert await character_studio.list_characters(session, stranger.id) == []
