"""Character Studio, creating one: 1-5 photos, a name, a description, a style preset,
brand colours and an optional logo; then the character and its preview card."""

import asyncio
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import CharacterAction, CharacterCb, MenuAction, MenuCb
from bot.files import IMAGE_SUFFIXES, download, download_name
from bot.handlers.character_card import show_studio
from bot.keyboards import character as keyboards
from bot.keyboards.menu import back_to_menu
from bot.states import CharacterStudio as Steps
from db.models import User
from pipeline.art.errors import PhotoUnsupported
from pipeline.art.styles import STYLE_NAMES, get_style
from pipeline.characters.checks import (
    MAX_PHOTOS,
    check_colours,
    check_description,
    check_name,
    check_reference_photo,
)
from pipeline.characters.errors import PhotoCountInvalid

THROTTLE = {"throttling_key": "character"}
UPLOAD = {"throttling_key": "upload"}  # downloads and image checks: their own budget


def still_file(message: Message) -> dict[str, Any] | None:
    """The file behind a photo (largest size) or an image sent as a file."""
    if message.photo:
        best = message.photo[-1]
        return {"file_id": best.file_id, "size": best.file_size, "name": "photo.jpg"}
    document = message.document
    if document is not None and message.animation is None:
        name = document.file_name or "image"
        return {"file_id": document.file_id, "size": document.file_size, "name": name}
    return None


async def cmd_character(
    message: Message, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    await show_studio(message, i18n, session, user)


async def on_menu_character(
    query: CallbackQuery, state: FSMContext, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    await state.clear()
    if isinstance(query.message, Message):
        await show_studio(query.message, i18n, session, user)


async def on_create(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.clear()
    await state.set_state(Steps.sending_photos)
    if isinstance(query.message, Message):
        text = i18n.get("character-send-photos", limit=MAX_PHOTOS)
        await query.message.answer(text, reply_markup=back_to_menu(i18n))


async def on_photo(message: Message, state: FSMContext, bot: Bot, i18n: I18nContext) -> None:
    """Each photo is checked on arrival (downloaded to a temp folder): readable, with exactly
    one face. Its file ID is kept."""
    if message.animation is not None:
        raise PhotoUnsupported(name=message.animation.file_name or "GIF", kind="an animation")
    still = still_file(message)
    photos: list[dict[str, Any]] = (await state.get_data()).get("photos", [])
    if still is None or len(photos) >= MAX_PHOTOS:
        key = "character-send-photos" if still is None else "character-photos-full"
        await message.answer(
            i18n.get(key, limit=MAX_PHOTOS), reply_markup=keyboards.photos_done(i18n)
        )
        return
    with TemporaryDirectory(prefix="photo-") as folder:
        target = Path(folder) / download_name(still["name"], IMAGE_SUFFIXES, ".jpg")
        path = await download(bot, still["file_id"], still["size"], target)
        # One face, or a clear refusal.
        await asyncio.to_thread(check_reference_photo, path, name=still["name"])
    await state.update_data(photos=[*photos, still])
    text = i18n.get("character-photo-ok", count=len(photos) + 1, limit=MAX_PHOTOS)
    await message.answer(text, reply_markup=keyboards.photos_done(i18n))


async def on_photos_done(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    if not (await state.get_data()).get("photos"):
        raise PhotoCountInvalid(low=1, high=MAX_PHOTOS, count=0)
    await state.set_state(Steps.entering_name)
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("character-ask-name"), reply_markup=back_to_menu(i18n))


async def on_name(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    await state.update_data(name=check_name(message.text or ""))
    await state.set_state(Steps.entering_description)
    await message.answer(i18n.get("character-ask-description"), reply_markup=keyboards.skip(i18n))


async def on_description(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    await state.update_data(description=check_description(message.text or ""))
    await state.set_state(Steps.choosing_style)
    markup = keyboards.styles(i18n, STYLE_NAMES)
    await message.answer(i18n.get("character-ask-style"), reply_markup=markup)


async def on_style(
    query: CallbackQuery, callback_data: CharacterCb, state: FSMContext, i18n: I18nContext
) -> None:
    await state.update_data(style=get_style(callback_data.style).name)
    await state.set_state(Steps.entering_colours)
    if isinstance(query.message, Message):
        await query.message.edit_text(
            i18n.get("character-ask-colours"), reply_markup=keyboards.skip(i18n)
        )


async def on_colours(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    colours = check_colours((message.text or "").replace(",", " ").split())
    await state.update_data(colours=colours)
    await state.set_state(Steps.sending_logo)
    await message.answer(i18n.get("character-ask-logo"), reply_markup=keyboards.skip(i18n))


async def on_wrong_input(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    """Re-ask the current step's question."""
    keys = {
        Steps.sending_photos.state: "character-send-photos",
        Steps.entering_name.state: "character-ask-name",
        Steps.entering_description.state: "character-ask-description",
        Steps.choosing_style.state: "use-buttons",
        Steps.entering_colours.state: "character-ask-colours",
        Steps.sending_logo.state: "character-ask-logo",
    }
    key = keys.get(await state.get_state() or "", "use-buttons")
    await message.answer(i18n.get(key, limit=MAX_PHOTOS), reply_markup=back_to_menu(i18n))


def create_router() -> Router:
    router = Router(name=__name__)
    msg, cb = router.message.register, router.callback_query.register
    text = F.text & ~F.text.startswith("/")
    msg(cmd_character, Command("character"), StateFilter(None), flags=THROTTLE)
    cb(on_menu_character, MenuCb.filter(F.action == MenuAction.CHARACTER), flags=THROTTLE)
    cb(on_create, CharacterCb.filter(F.action == CharacterAction.CREATE), flags=THROTTLE)
    image = F.photo | F.document | F.animation
    msg(on_photo, Steps.sending_photos, image, flags=UPLOAD)
    done = CharacterCb.filter(F.action == CharacterAction.DONE_PHOTOS)
    cb(on_photos_done, Steps.sending_photos, done, flags=THROTTLE)
    msg(on_name, Steps.entering_name, text, flags=THROTTLE)
    msg(on_description, Steps.entering_description, text, flags=THROTTLE)
    cb(on_style, Steps.choosing_style, CharacterCb.filter(F.action == CharacterAction.STYLE))
    msg(on_colours, Steps.entering_colours, text, flags=THROTTLE)
    in_studio = StateFilter(*Steps.__all_states__)
    msg(on_wrong_input, in_studio, ~F.text.startswith("/"), flags=THROTTLE)
    return router
