"""Character Studio services: a recurring character from photos, its preview and options.

Every photo must show exactly one face. Offline, scenes show the person cut out of the
photos (pipeline/faces), and so does the preview scene.
Each service that changes something commits once (a deleted row's files go right after).
"""

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound
from db.base import utcnow
from db.models import Character
from db.queries import characters
from pipeline.art.save import save_png_atomic
from pipeline.art.styles import get_style
from pipeline.characters.checks import (
    check_colours,
    check_description,
    check_image,
    check_name,
    check_photos,
)
from pipeline.characters.preview import PreviewSpec, draw_preview
from pipeline.faces.cutout import Cutout, cut_out
from pipeline.faces.errors import FaceCheckFailed, SegmentationModelMissing
from pipeline.faces.models import segmentation_model
from pipeline.process_pool import process_pool
from pipeline.user_media.stills import keep_logo
from services.plans import check_character_slot
from storage.cleanup import remove_after_commit
from storage.disk import Storage
from storage.sync import pull_keys, push_files


def character_dir(storage: Storage, user_id: int, character_id: int) -> Path:
    """`users/<id>/characters/<character_id>/`: the character's photos, logo and preview."""
    return storage.user_dir(user_id) / "characters" / str(character_id)


async def create_character(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    *,
    name: str,
    description: str,
    photos: Sequence[Path],
    style: str,
    colours: Sequence[str] | None = None,
    logo: Path | None = None,
) -> Character:
    """Check everything, then add the character and copy its photos (and logo) into storage.

    Raises:
        PlanLimitReached, CharacterNameInvalid, DescriptionTooLong, UnknownStyle, TooManyColours,
        ColourInvalid,
        PhotoCountInvalid, CharacterPhotoUnreadable / Unsupported / TooLarge (with the photo's
        1-based `number`), and for the logo PhotoUnreadable / Unsupported / TooLarge.
    """
    name, description = check_name(name), check_description(description)
    preset = get_style(style).name
    palette = check_colours(colours)
    checked = await asyncio.to_thread(check_photos, photos)
    checked_logo = await asyncio.to_thread(check_image, logo) if logo is not None else None
    await check_character_slot(session, user_id, now=utcnow())  # locks the user's row
    character = await characters.create_character(
        session, user_id, name=name, description=description, style=preset, colours=palette
    )
    folder, kept = character_dir(storage, user_id, character.id), []
    for index, photo in enumerate(checked):
        final = folder / f"photo_{index + 1}{photo.suffix}"
        stored = await asyncio.to_thread(storage.import_file, photo.path, final)
        kept.append(stored.relpath)
        await characters.add_photo(
            session,
            character,
            path=stored.relpath,
            index=index,
            width=photo.width,
            height=photo.height,
        )
    if checked_logo is not None:  # kept as the PNG drawn from it: the render reads it
        final = await asyncio.to_thread(keep_logo, checked_logo.path, folder / "logo.png")
        character.logo_path = storage.relative(final)
        kept.append(character.logo_path)
    await push_files(storage, kept)  # on S3: into the bucket
    if await characters.get_default_character(session, user_id) is None:
        await characters.set_default_character(session, character)
    await session.commit()
    return await get_character(session, user_id, character.id)


async def get_character(session: AsyncSession, user_id: int, character_id: int) -> Character:
    """The user's character with its photos. Raises NotFound, also for another user's."""
    character = await characters.get_character(session, character_id, user_id)
    if character is None:
        raise NotFound(what="character")
    return character


async def list_characters(session: AsyncSession, user_id: int) -> Sequence[Character]:
    """The user's characters with their photos, the default first."""
    return await characters.list_characters(session, user_id)


async def set_default_character(
    session: AsyncSession, user_id: int, character_id: int
) -> Character:
    """Make the character the user's default (new projects feature it)."""
    character = await get_character(session, user_id, character_id)
    await characters.set_default_character(session, character)
    await session.commit()
    return character


async def preview_character(
    session: AsyncSession, storage: Storage, user_id: int, character_id: int
) -> Path:
    """Draw a 1080x1920 PNG: the person cut out of the main photo in the style's procedural
    scene (as a Short shows them), the name as the caption, brand-colour dots and the logo.

    Without the segmentation model the photo is framed in a card instead. Returns the
    absolute path of `users/<id>/characters/<character_id>/preview.png`, replaced by the
    next preview.
    """
    character = await get_character(session, user_id, character_id)
    await pull_keys(storage, [character.photos[0].path, *filter(None, [character.logo_path])])
    photo = storage.resolve(character.photos[0].path)
    spec = PreviewSpec(
        name=character.name,
        description=character.description,
        photo=photo,
        style=character.style,
        colours=tuple(character.colours),
        logo=storage.resolve(character.logo_path) if character.logo_path else None,
        seed=character.id,
        cutout=await _cut_out(photo),
    )
    image = await asyncio.to_thread(draw_preview, spec)
    out = character_dir(storage, user_id, character.id) / "preview.png"
    return await asyncio.to_thread(save_png_atomic, image, out)


async def _cut_out(photo: Path) -> Cutout | None:
    """The person in `photo`, cut out in the worker pool (mediapipe stays out of this
    process); None without the segmentation model or a single face."""
    try:
        model = segmentation_model()
    except SegmentationModelMissing:
        return None
    try:
        return await process_pool().run(cut_out, photo, model, photo.parent / "faces")
    except FaceCheckFailed:
        return None


async def delete_character(
    session: AsyncSession, storage: Storage, user_id: int, character_id: int
) -> None:
    """Delete the character with its photos; its folder goes after the commit. No other
    character becomes the default."""
    character = await get_character(session, user_id, character_id)
    folder = storage.relative(character_dir(storage, user_id, character.id))
    paths = await characters.delete_character(session, character)
    remove_after_commit(session, storage, paths, folders=[folder])
    await session.commit()


def character_options(character: Character) -> dict[str, Any]:
    """What the pipeline reads from `project.options` for a character: the photo paths in
    order (offline scenes cycle the person cut out of them), style, colours and logo.

    Paths are relative to the storage root. The character's photos must be loaded (the
    services above return characters with them).
    """
    return {
        "character_id": character.id,
        "photos": [photo.path for photo in character.photos],
        "style": character.style,
        "colours": list(character.colours),
        "logo": character.logo_path,
    }
