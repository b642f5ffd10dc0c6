"""Character Studio, editing: a character's name, description, style and brand colours.

Everything given is checked before anything changes, then one commit."""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Character
from pipeline.art.styles import get_style
from pipeline.characters.checks import check_colours, check_description, check_name
from services.character_studio import get_character


async def update_character(
    session: AsyncSession,
    user_id: int,
    character_id: int,
    *,
    name: str | None = None,
    description: str | None = None,
    style: str | None = None,
    colours: Sequence[str] | None = None,
) -> Character:
    """Change what is given (None: keep). Raises NotFound (also for another user's),
    CharacterNameInvalid, DescriptionTooLong, UnknownStyle, TooManyColours, ColourInvalid."""
    character = await get_character(session, user_id, character_id)
    new_name = check_name(name) if name is not None else character.name
    new_description = (
        check_description(description) if description is not None else character.description
    )
    new_style = get_style(style).name if style is not None else character.style
    new_colours = check_colours(colours) if colours is not None else list(character.colours)
    character.name, character.description = new_name, new_description
    character.style, character.colours = new_style, new_colours
    await session.commit()
    return await get_character(session, user_id, character_id)
