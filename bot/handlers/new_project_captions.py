"""New Short's caption picker, opened from the summary: the look, position and size of the
captions and the scene counter, then back to the summary (no extra step for those who keep
what their last Short had)."""

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.callbacks import CaptionAction, CaptionCb
from bot.caption_choice import conversation_captions, conversation_counter
from bot.handlers.new_project_pictures import show_summary
from bot.keyboards import captions
from bot.states import NewShort
from core.captions import CaptionChoice
from core.settings import Settings

THROTTLE = {"throttling_key": "new_short"}
# The CaptionChoice field each picker button sets, named as in CaptionCb.
PICKED = {
    CaptionAction.LOOK: "look",
    CaptionAction.POSITION: "position",
    CaptionAction.SIZE: "size",
}


async def _show_picker(query: CallbackQuery, data: dict[str, Any], i18n: I18nContext) -> None:
    choice = conversation_captions(data) or CaptionChoice()
    markup = captions.picker(i18n, choice, counter=bool(conversation_counter(data)))
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n.get("captions-ask"), reply_markup=markup)


async def on_open(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    data = await state.get_data()
    if data.get("batch"):
        return  # a batch's summary offers no picker: a stale or tampered button
    await _show_picker(query, data, i18n)


async def on_pick(
    query: CallbackQuery, callback_data: CaptionCb, state: FSMContext, i18n: I18nContext
) -> None:
    """Set the one thing the button is about; the rest of its payload is not read."""
    data = await state.get_data()
    if data.get("batch"):
        return
    if callback_data.action is CaptionAction.COUNTER:
        data = await state.update_data(scene_counter=not conversation_counter(data))
    else:
        field = PICKED[callback_data.action]
        choice = conversation_captions(data) or CaptionChoice()
        picked = choice.model_copy(update={field: getattr(callback_data, field)})
        data = await state.update_data(captions=picked.model_dump(mode="json"))
    await _show_picker(query, data, i18n)


async def on_done(
    query: CallbackQuery,
    *,
    state: FSMContext,
    i18n: I18nContext,
    ai_pictures: bool,
    settings: Settings,
) -> None:
    data = await state.get_data()
    if data.get("batch"):
        return
    await show_summary(query, data, i18n, ai_pictures=ai_pictures, settings=settings)


def create_router() -> Router:
    router = Router(name=__name__)
    cb = router.callback_query.register
    action = F.action
    cb(
        on_open,
        NewShort.confirming,
        CaptionCb.filter(action == CaptionAction.OPEN),
        flags=THROTTLE,
    )
    picks = {*PICKED, CaptionAction.COUNTER}
    cb(on_pick, NewShort.confirming, CaptionCb.filter(action.in_(picks)), flags=THROTTLE)
    cb(
        on_done,
        NewShort.confirming,
        CaptionCb.filter(action == CaptionAction.DONE),
        flags=THROTTLE,
    )
    return router
