"""Character Studio, the list and one character: preview scene, default, delete."""

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.types import CallbackQuery, FSInputFile, InlineKeyboardMarkup, Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import CharacterAction, CharacterCb
from bot.handlers.character_variations import variations_line
from bot.keyboards import Choice
from bot.keyboards import character as keyboards
from bot.replies import show
from db.models import Character, User
from services import character_studio, character_variations
from storage.disk import Storage

THROTTLE = {"throttling_key": "character"}


async def _studio_view(
    i18n: I18nContext, session: AsyncSession, user: User
) -> tuple[str, InlineKeyboardMarkup]:
    found = await character_studio.list_characters(session, user.id)
    default = next((c.id for c in found if c.is_default), None)
    markup = keyboards.studio(i18n, [Choice(c.id, c.name) for c in found], default)
    return i18n.get("character-studio" if found else "character-studio-empty"), markup


async def show_studio(
    message: Message, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    text, markup = await _studio_view(i18n, session, user)
    await message.answer(text, reply_markup=markup)


def card_text(i18n: I18nContext, character: Character) -> str:
    return i18n.get(
        "character-card",
        name=html.quote(character.name),
        description=html.quote(character.description or "—"),
        style=i18n.get(f"style-{character.style}"),
        colours=" ".join(character.colours) or "—",
        photos=len(character.photos),
        logo=i18n.get("yes" if character.logo_path else "no"),
        default=i18n.get("yes" if character.is_default else "no"),
    )


async def on_list(
    query: CallbackQuery, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    await show(query, *await _studio_view(i18n, session, user))


async def on_open(
    query: CallbackQuery,
    callback_data: CharacterCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    character = await character_studio.get_character(session, user.id, callback_data.character_id)
    markup = keyboards.card(i18n, character.id, is_default=character.is_default)
    found = await character_variations.list_variations(session, user.id, character.id)
    made = variations_line(i18n, found, "variations-on-card")
    await show(query, card_text(i18n, character) + (f"\n{made}" if made else ""), markup)


async def on_preview(
    query: CallbackQuery,
    callback_data: CharacterCb,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
) -> None:
    """A preview scene with the character, in its style and colours."""
    character_id = callback_data.character_id
    picture = await character_studio.preview_character(
        session, file_storage, user.id, character_id
    )
    character = await character_studio.get_character(session, user.id, character_id)
    if isinstance(query.message, Message):
        markup = keyboards.card(i18n, character.id, is_default=character.is_default)
        caption = i18n.get("character-preview-caption", name=html.quote(character.name))
        await query.message.answer_photo(
            FSInputFile(picture), caption=caption, reply_markup=markup
        )


async def on_default(
    query: CallbackQuery,
    callback_data: CharacterCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    character = await character_studio.set_default_character(
        session, user.id, callback_data.character_id
    )
    await show(
        query, card_text(i18n, character), keyboards.card(i18n, character.id, is_default=True)
    )


async def on_delete(
    query: CallbackQuery,
    callback_data: CharacterCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    character = await character_studio.get_character(session, user.id, callback_data.character_id)
    text = i18n.get("character-delete-confirm", name=html.quote(character.name))
    await show(query, text, keyboards.confirm_delete(i18n, character.id))


async def on_confirm_delete(
    query: CallbackQuery,
    callback_data: CharacterCb,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
) -> None:
    await character_studio.delete_character(
        session, file_storage, user.id, callback_data.character_id
    )
    await show(query, *await _studio_view(i18n, session, user))


def create_router() -> Router:
    router = Router(name=__name__)
    cb = router.callback_query.register

    def action(name: CharacterAction) -> CallbackQueryFilter:
        return CharacterCb.filter(F.action == name)

    cb(on_list, action(CharacterAction.LIST), flags=THROTTLE)
    cb(on_open, action(CharacterAction.OPEN), flags=THROTTLE)
    cb(on_preview, action(CharacterAction.PREVIEW), flags=THROTTLE)
    cb(on_default, action(CharacterAction.DEFAULT), flags=THROTTLE)
    cb(on_delete, action(CharacterAction.DELETE), flags=THROTTLE)
    cb(on_confirm_delete, action(CharacterAction.CONFIRM_DELETE), flags=THROTTLE)
    return router
