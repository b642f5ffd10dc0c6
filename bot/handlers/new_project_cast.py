"""New Short, second half: tone -> voice (or the user's own voiceover, see
`new_project_voiceover`) and character (defaults preselected) -> confirm."""

from typing import Any

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import NewAction, NewShortCb
from bot.caption_choice import conversation_captions, conversation_counter, remembered
from bot.handlers.new_project_pictures import back_to_summary
from bot.keyboards import Choice, new_short
from bot.keyboards.menu import back_to_menu
from bot.pictures import images_choice
from bot.production import show_queued
from bot.states import NewShort
from core.errors import NotFound
from core.ports import JobQueue
from core.settings import Settings
from db.models import User
from services import character_studio, voice_studio
from services.batch_errors import BatchNeedsVoice
from services.schemas import ShortRequest
from services.shorts import last_options, submit_short
from storage.disk import Storage

THROTTLE = {"throttling_key": "new_short"}


def _choices(data: dict[str, Any], key: str) -> list[Choice]:
    """The user's voices or characters as listed when the tone was picked (kept in the
    conversation; the confirmation loads them again, owner-checked)."""
    return [Choice(int(item_id), str(name)) for item_id, name in data[key]]


def cast_markup(i18n: I18nContext, data: dict[str, Any]) -> InlineKeyboardMarkup:
    """The voice and character choice as the conversation holds it (a voiceover included)."""
    return new_short.cast(
        i18n,
        _choices(data, "voices"),
        _choices(data, "characters"),
        data["voice_id"],
        data["character_id"],
        voiceover_s=data.get("voiceover_s") if data.get("voiceover") else None,
    )


async def cast_choices(session: AsyncSession, user: User) -> dict[str, Any]:
    """The user's voices and characters for the conversation, their defaults preselected
    (the voice and character step starts from these), and their last Short's captions."""
    voices = await voice_studio.list_voices(session, user.id)
    characters = await character_studio.list_characters(session, user.id)
    return {
        **remembered(await last_options(session, user.id)),
        "voices": [[v.id, v.name] for v in voices],
        "characters": [[c.id, c.name] for c in characters],
        "voice_id": next((v.id for v in voices if v.is_default), 0),
        "character_id": next((c.id for c in characters if c.is_default), 0),
    }


async def _show_cast(query: CallbackQuery, data: dict[str, Any], i18n: I18nContext) -> None:
    markup = cast_markup(i18n, data)
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n.get("new-ask-cast"), reply_markup=markup)


async def on_tone(
    query: CallbackQuery,
    *,
    callback_data: NewShortCb,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    """Store the tone and preselect the user's default voice and character, and the caption
    settings of their last Short."""
    cast = await cast_choices(session, user)
    data = await state.update_data(tone=callback_data.tone, **cast)
    await state.set_state(NewShort.choosing_cast)
    await _show_cast(query, data, i18n)


async def on_cast(
    query: CallbackQuery, callback_data: NewShortCb, state: FSMContext, i18n: I18nContext
) -> None:
    """Pick a voice or a character: it must be one of the user's own (0: stock / none)."""
    data = await state.get_data()
    picking_voice = callback_data.action is NewAction.VOICE
    offered = _choices(data, "voices" if picking_voice else "characters")
    if callback_data.value not in {c.id for c in offered} | {0}:
        raise NotFound(what="voice" if picking_voice else "character")
    key = "voice_id" if picking_voice else "character_id"
    picked: dict[str, Any] = {key: callback_data.value}
    if picking_voice:
        picked["voiceover"] = None  # a voice replaces the user's own recording
    await _show_cast(query, await state.update_data(picked), i18n)


async def on_cast_done(
    query: CallbackQuery,
    *,
    state: FSMContext,
    i18n: I18nContext,
    ai_pictures: bool,
    settings: Settings,
    session: AsyncSession,
    user: User,
) -> None:
    data = await state.get_data()
    if data.get("batch") and data.get("voiceover"):
        raise BatchNeedsVoice()
    await state.set_state(NewShort.confirming)
    await back_to_summary(  # /batch: the same settings, then the batch's own summary
        query, data, i18n, session=session, user=user, settings=settings, ai_pictures=ai_pictures
    )


async def on_back(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.set_state(NewShort.choosing_cast)
    await _show_cast(query, await state.get_data(), i18n)


async def on_confirm(
    query: CallbackQuery,
    *,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
    queue: JobQueue,
    bot: Bot,
    ai_pictures: bool,
    settings: Settings,
) -> None:
    """Create the project and queue its job; a second press finds the conversation over.
    A refusal (too many Shorts in the making) leaves the conversation at this step."""
    data = await state.get_data()
    request = ShortRequest(
        topic=data["topic"],
        language=user.language,
        duration=float(data["duration"]),
        style=data["style"],
        tone=str(data["tone"]),
        voice_id=data["voice_id"] or None,
        character_id=data["character_id"] or None,
        voiceover=data.get("voiceover") or None,
        pictures=images_choice(data, ai_pictures),
        captions=conversation_captions(data),
        scene_counter=conversation_counter(data),
    )
    project = await submit_short(
        session, file_storage, user.id, request, limits=settings.limits, queue=queue
    )
    await state.clear()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    await show_queued(bot, project, session=session, i18n=i18n, chat_id=query.from_user.id)


async def on_cast_message(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("use-buttons"), reply_markup=back_to_menu(i18n))


def create_router() -> Router:
    router = Router(name=__name__)
    cb = router.callback_query.register
    action = F.action
    tones = NewShortCb.filter(action == NewAction.TONE)
    cb(on_tone, NewShort.choosing_tone, tones, flags=THROTTLE)
    picks = NewShortCb.filter(action.in_({NewAction.VOICE, NewAction.CHARACTER}))
    cb(on_cast, NewShort.choosing_cast, picks, flags=THROTTLE)
    done = NewShortCb.filter(action == NewAction.NEXT)
    cb(on_cast_done, NewShort.choosing_cast, done, flags=THROTTLE)
    cb(on_back, NewShort.confirming, NewShortCb.filter(action == NewAction.BACK), flags=THROTTLE)
    confirm = NewShortCb.filter(action == NewAction.CONFIRM)
    cb(on_confirm, NewShort.confirming, confirm, flags=THROTTLE)
    router.message.register(
        on_cast_message,
        NewShort.choosing_cast,
        ~F.text.startswith("/"),
        flags=THROTTLE,
    )
    router.message.register(
        on_cast_message, NewShort.confirming, ~F.text.startswith("/"), flags=THROTTLE
    )
    return router
