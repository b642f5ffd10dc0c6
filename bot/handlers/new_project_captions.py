"""The caption picker, opened from New Short's summary or a batch's: the look, position and
size of the captions and the scene counter, then back to that summary (no extra step for
those who keep what their last Short had). A batch's Shorts all get the choice."""

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import CaptionAction, CaptionCb
from bot.caption_choice import conversation_counter, shown
from bot.handlers.new_project_pictures import back_to_summary
from bot.keyboards import captions
from bot.states import NewShort
from core.settings import Settings
from db.models import User

THROTTLE = {"throttling_key": "new_short"}
# The CaptionChoice field each picker button sets, named as in CaptionCb.
PICKED = {
    CaptionAction.LOOK: "look",
    CaptionAction.POSITION: "position",
    CaptionAction.SIZE: "size",
}


async def _show_picker(query: CallbackQuery, data: dict[str, Any], i18n: I18nContext) -> None:
    choice, counter = shown(data)
    markup = captions.picker(i18n, choice, counter=counter)
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n.get("captions-ask"), reply_markup=markup)


async def on_open(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await _show_picker(query, await state.get_data(), i18n)


async def on_pick(
    query: CallbackQuery, callback_data: CaptionCb, state: FSMContext, i18n: I18nContext
) -> None:
    """Set the one thing the button is about; the rest of its payload is not read."""
    data = await state.get_data()
    if callback_data.action is CaptionAction.COUNTER:
        data = await state.update_data(scene_counter=not conversation_counter(data))
    else:
        field = PICKED[callback_data.action]
        picked = shown(data)[0].model_copy(update={field: getattr(callback_data, field)})
        data = await state.update_data(captions=picked.model_dump(mode="json"))
    await _show_picker(query, data, i18n)


async def on_done(
    query: CallbackQuery,
    *,
    state: FSMContext,
    i18n: I18nContext,
    ai_pictures: bool,
    settings: Settings,
    session: AsyncSession,
    user: User,
) -> None:
    await back_to_summary(
        query, await state.get_data(), i18n, session=session, user=user, settings=settings,
        ai_pictures=ai_pictures,
    )  # fmt: skip


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
