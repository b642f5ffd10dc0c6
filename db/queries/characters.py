"""Characters and their reference photos."""

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.ports.notify import STUDIO_PENDING
from db.models import Character, CharacterPhoto


async def create_character(
    session: AsyncSession,
    user_id: int,
    *,
    name: str,
    description: str,
    style: str,
    colours: list[str],
) -> Character:
    """Add a character without photos and flush it, so it has an ID for its folder."""
    character = Character(
        user_id=user_id,
        name=name,
        description=description,
        style=style,
        colours=list(colours),
        logo_path=None,
        is_default=False,
    )
    session.add(character)
    await session.flush()
    return character


async def add_photo(
    session: AsyncSession, character: Character, *, path: str, index: int, width: int, height: int
) -> CharacterPhoto:
    """Add a reference photo (`path` relative to the storage root) and flush it."""
    photo = CharacterPhoto(
        character_id=character.id, path=path, index=index, width=width, height=height
    )
    session.add(photo)
    await session.flush()
    return photo


async def get_character(
    session: AsyncSession, character_id: int, user_id: int
) -> Character | None:
    """Return the user's character with its photos loaded, or None (also for another user's)."""
    statement = (
        select(Character)
        .where(Character.id == character_id, Character.user_id == user_id)
        .options(selectinload(Character.photos))
        .execution_options(populate_existing=True)
    )
    return await session.scalar(statement)


async def get_character_for_job(session: AsyncSession, character_id: int) -> Character | None:
    """The character with its photos, whoever owns it (a job holds only its ID), or None."""
    statement = (
        select(Character)
        .where(Character.id == character_id)
        .options(selectinload(Character.photos))
        .execution_options(populate_existing=True)
    )
    return await session.scalar(statement)


async def list_characters(session: AsyncSession, user_id: int) -> Sequence[Character]:
    """Return the user's characters with photos: the default first, then oldest first."""
    statement = (
        select(Character)
        .where(Character.user_id == user_id)
        .options(selectinload(Character.photos))
        .order_by(Character.is_default.desc(), Character.id)
        .execution_options(populate_existing=True)
    )
    return (await session.scalars(statement)).all()


async def get_default_character(session: AsyncSession, user_id: int) -> Character | None:
    """Return the user's default character with its photos, or None."""
    statement = (
        select(Character)
        .where(Character.user_id == user_id, Character.is_default)
        .options(selectinload(Character.photos))
        .execution_options(populate_existing=True)
    )
    return await session.scalar(statement)


async def set_default_character(session: AsyncSession, character: Character) -> None:
    """Make `character` its user's only default (the old default is cleared first)."""
    await session.execute(
        update(Character)
        .where(
            Character.user_id == character.user_id,
            Character.is_default,
            Character.id != character.id,
        )
        .values(is_default=False)
    )
    character.is_default = True
    await session.flush()


async def delete_character(session: AsyncSession, character: Character) -> list[str]:
    """Delete the character with its photos; return the file paths (the caller removes them)."""
    photos = (
        await session.scalars(
            select(CharacterPhoto.path).where(CharacterPhoto.character_id == character.id)
        )
    ).all()
    paths = [*photos, *([character.logo_path] if character.logo_path else [])]
    await session.delete(character)
    await session.flush()
    return paths


async def list_pending_variations(session: AsyncSession) -> Sequence[tuple[int, int, int]]:
    """(character ID, user ID, attempt) of every character whose variations are still queued
    or being made, oldest first: the jobs a restart may have lost."""
    statement = (
        select(Character.id, Character.user_id, Character.variations_attempt)
        .where(Character.variations_state.in_(STUDIO_PENDING))
        .order_by(Character.id)
    )
    rows = await session.execute(statement)
    return [(row.id, row.user_id, row.variations_attempt) for row in rows]
