"""Character Studio, the last steps: skip the optional ones, take the logo, then create the
character from the photos kept as file IDs and show its preview card."""

from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, FSInputFile, Message
from aiogram.utils.chat_action import ChatActionSender
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import CharacterAction, CharacterCb
from bot.files import IMAGE_SUFFIXES, download, download_name
from bot.handlers.character import still_file
from bot.keyboards import character as keyboards
from bot.states import CharacterStudio as Steps
from db.models import User
from pipeline.art.errors import PhotoUnsupported
from pipeline.art.styles import STYLE_NAMES
from services import character_studio
from storage.disk import Storage

THROTTLE = {"throttling_key": "character"}


async def on_skip(
    query: CallbackQuery,
    *,
    state: FSMContext,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
) -> None:
    """Skip the optional step the conversation is at (description, colours or logo)."""
    step = await state.get_state()
    if not isinstance(query.message, Message):
        return
    if step == Steps.entering_description.state:
        await state.update_data(description="")
        await state.set_state(Steps.choosing_style)
        markup = keyboards.styles(i18n, STYLE_NAMES)
        await query.message.answer(i18n.get("character-ask-style"), reply_markup=markup)
    elif step == Steps.entering_colours.state:
        await state.update_data(colours=[])
        await state.set_state(Steps.sending_logo)
        await query.message.answer(
            i18n.get("character-ask-logo"), reply_markup=keyboards.skip(i18n)
        )
    elif step == Steps.sending_logo.state:
        await _create(query.message, state, bot, i18n, session, user, file_storage, logo=None)


async def on_logo(
    message: Message,
    *,
    state: FSMContext,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
) -> None:
    if message.animation is not None:
        raise PhotoUnsupported(name=message.animation.file_name or "GIF", kind="an animation")
    logo = still_file(message)
    if logo is None:
        await message.answer(i18n.get("character-ask-logo"), reply_markup=keyboards.skip(i18n))
        return
    await _create(message, state, bot, i18n, session, user, file_storage, logo=logo)


def _saved_as(still: dict[str, Any]) -> str:
    return download_name(still["name"], IMAGE_SUFFIXES, ".jpg")


async def _create(  # noqa: PLR0917 - the handler's dependencies, passed on
    message: Message,
    state: FSMContext,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
    *,
    logo: dict[str, Any] | None,
) -> None:
    data = await state.get_data()
    async with ChatActionSender.upload_photo(bot=bot, chat_id=message.chat.id):
        with TemporaryDirectory(prefix="character-") as folder:
            paths = [
                await download(bot, p["file_id"], p["size"], Path(folder) / _saved_as(p))
                for p in data["photos"]
            ]
            logo_path = None
            if logo is not None:
                target = Path(folder) / _saved_as(logo)
                logo_path = await download(bot, logo["file_id"], logo["size"], target)
            character = await character_studio.create_character(
                session,
                file_storage,
                user.id,
                name=data["name"],
                description=data.get("description", ""),
                photos=paths,
                style=data["style"],
                colours=data.get("colours", []),
                logo=logo_path,
            )
    await state.clear()
    preview = await character_studio.preview_character(
        session, file_storage, user.id, character.id
    )
    caption = i18n.get("character-created", name=html.quote(character.name))
    markup = keyboards.card(i18n, character.id, is_default=character.is_default)
    await message.answer_photo(FSInputFile(preview), caption=caption, reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    skip = CharacterCb.filter(F.action == CharacterAction.SKIP)
    router.callback_query.register(on_skip, skip, flags=THROTTLE)
    image = F.photo | F.document | F.animation
    router.message.register(on_logo, Steps.sending_logo, image, flags=THROTTLE)
    return router
