"""New Short, first half: topic -> duration -> style -> tone (then `new_project_cast`)."""

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext

from bot.callbacks import MenuAction, MenuCb, NewAction, NewShortCb
from bot.keyboards import new_short
from bot.keyboards.menu import back_to_menu
from bot.states import NewShort
from core.errors import InvalidInput
from db.models import User
from pipeline.art.styles import STYLE_NAMES, get_style
from pipeline.writers.topic import MAX_TOPIC_CHARS, normalise_topic

# Every step of New Short shares one budget: a flood of any step is cut off.
THROTTLE = {"throttling_key": "new_short"}


async def _ask_topic(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    await state.set_state(NewShort.entering_topic)
    text = i18n.get("new-ask-topic", limit=MAX_TOPIC_CHARS)
    await message.answer(text, reply_markup=back_to_menu(i18n))


async def cmd_new(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    await _ask_topic(message, state, i18n)


async def on_menu_new(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.clear()
    if isinstance(query.message, Message):
        await _ask_topic(query.message, state, i18n)


async def on_topic(message: Message, state: FSMContext, i18n: I18nContext, user: User) -> None:
    """Check the topic now (a 5,000-character one is refused here, not in the job)."""
    topic = (message.text or "").strip()
    normalise_topic(topic, user.language)
    await state.update_data(topic=topic)
    await state.set_state(NewShort.choosing_duration)
    await message.answer(i18n.get("new-ask-duration"), reply_markup=new_short.durations(i18n))


async def on_topic_not_text(message: Message, i18n: I18nContext) -> None:
    text = i18n.get("new-topic-not-text", limit=MAX_TOPIC_CHARS)
    await message.answer(text, reply_markup=back_to_menu(i18n))


async def _edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def on_duration(
    query: CallbackQuery, callback_data: NewShortCb, state: FSMContext, i18n: I18nContext
) -> None:
    if callback_data.value not in new_short.DURATIONS:
        raise InvalidInput(what="duration", reason="not offered")
    await state.update_data(duration=callback_data.value)
    await state.set_state(NewShort.choosing_style)
    await _edit(query, i18n.get("new-ask-style"), new_short.styles(i18n, STYLE_NAMES))


async def on_style(
    query: CallbackQuery, callback_data: NewShortCb, state: FSMContext, i18n: I18nContext
) -> None:
    style = get_style(callback_data.style).name
    await state.update_data(style=style)
    await state.set_state(NewShort.choosing_tone)
    await _edit(query, i18n.get("new-ask-tone"), new_short.tones(i18n))


async def on_use_buttons(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    """Text where a button is expected: say so and show the step's buttons again."""
    step = await state.get_state()
    markups = {
        NewShort.choosing_duration.state: new_short.durations(i18n),
        NewShort.choosing_style.state: new_short.styles(i18n, STYLE_NAMES),
        NewShort.choosing_tone.state: new_short.tones(i18n),
    }
    markup = markups.get(step or "", back_to_menu(i18n))
    await message.answer(i18n.get("use-buttons"), reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    msg, cb = router.message.register, router.callback_query.register
    msg(cmd_new, Command("new"), StateFilter(None), flags=THROTTLE)
    cb(on_menu_new, MenuCb.filter(F.action == MenuAction.NEW), flags=THROTTLE)
    msg(on_topic, NewShort.entering_topic, F.text, ~F.text.startswith("/"), flags=THROTTLE)
    msg(on_topic_not_text, NewShort.entering_topic, ~F.text.startswith("/"), flags=THROTTLE)
    durations = NewShortCb.filter(F.action == NewAction.DURATION)
    cb(on_duration, NewShort.choosing_duration, durations, flags=THROTTLE)
    styles = NewShortCb.filter(F.action == NewAction.STYLE)
    cb(on_style, NewShort.choosing_style, styles, flags=THROTTLE)
    choosing = StateFilter(
        NewShort.choosing_duration, NewShort.choosing_style, NewShort.choosing_tone
    )
    msg(on_use_buttons, choosing, ~F.text.startswith("/"), flags=THROTTLE)
    return router
