"""Services for the people using the bot: registration on first contact and their language."""

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound, UnsupportedLanguage
from db.models import User
from db.queries import users

LANGUAGES = ("en", "ru")


def check_bot_language(language: str) -> str:
    """Return `language` when the bot speaks it; raise UnsupportedLanguage otherwise."""
    if language not in LANGUAGES:
        raise UnsupportedLanguage(language=language, supported=", ".join(LANGUAGES))
    return language


async def register_user(session: AsyncSession, telegram_id: int, name: str, language: str) -> User:
    """Return the user with this Telegram ID; the first contact creates and commits it.

    Known users are only read, so an ordinary update writes nothing.
    """
    user = await users.get_user_by_telegram_id(session, telegram_id)
    if user is not None:
        return user
    user = await users.get_or_create_user(session, telegram_id, name[:256] or "?", language)
    await session.commit()
    return user


async def set_language(session: AsyncSession, user_id: int, language: str) -> User:
    """Store the language the user chose for the bot's messages and their Shorts."""
    check_bot_language(language)
    user = await users.get_user(session, user_id)
    if user is None:
        raise NotFound(what="user")
    user.language = language
    await session.commit()
    return user
