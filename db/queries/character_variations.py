"""A character's variations (emotions and poses); every lookup is scoped by its user."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import CharacterVariation, VariationKind, VariationSource


async def add_variation(
    session: AsyncSession,
    user_id: int,
    character_id: int,
    *,
    kind: VariationKind,
    source: VariationSource,
    path: str,
    similarity: float | None,
) -> CharacterVariation:
    """Add a variation (`path` relative to the storage root) and flush it."""
    variation = CharacterVariation(
        user_id=user_id,
        character_id=character_id,
        kind=kind,
        source=source,
        path=path,
        similarity=similarity,
    )
    session.add(variation)
    await session.flush()
    return variation


async def list_variations(
    session: AsyncSession, user_id: int, character_id: int
) -> Sequence[CharacterVariation]:
    """The user's variations of the character, oldest first ([] for another user's)."""
    statement = (
        select(CharacterVariation)
        .where(
            CharacterVariation.user_id == user_id,
            CharacterVariation.character_id == character_id,
        )
        .order_by(CharacterVariation.id)
    )
    return (await session.scalars(statement)).all()


async def get_variation(
    session: AsyncSession, variation_id: int, user_id: int
) -> CharacterVariation | None:
    """The user's variation, or None (also for another user's)."""
    statement = select(CharacterVariation).where(
        CharacterVariation.id == variation_id, CharacterVariation.user_id == user_id
    )
    return await session.scalar(statement)


async def delete_variation(session: AsyncSession, variation: CharacterVariation) -> str:
    """Delete the row and flush; return its file path (the caller removes it)."""
    path = variation.path
    await session.delete(variation)
    await session.flush()
    return path
