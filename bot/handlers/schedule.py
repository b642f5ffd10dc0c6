"""Schedule: the accounts picked, then the next free slot or a day, hour and minute picked
in the person's zone; a time already past is refused and the days offered again."""

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.keyboards import time_picker
from bot.publish_callbacks import PickAction, PickTimeCb, PublishAction, PublishCb
from bot.publish_flow import proceed, sent_text
from bot.publish_picker import drop_draft, read_draft, save_draft
from bot.publishing_kit import PublishingKit
from bot.time_text import local_time_text
from core.errors import InvalidInput
from core.ports import JobQueue
from db.models import User
from services import publish_plans, publish_slots
from services.publish_slots import TimeInPast
from services.user_settings import zone_label

THROTTLE = {"throttling_key": "preview"}


def _message(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


async def on_when(
    query: CallbackQuery, *, callback_data: PublishCb, i18n: I18nContext,
    session: AsyncSession, user: User, state: FSMContext, queue: JobQueue,
    publishing: PublishingKit,
) -> None:  # fmt: skip
    draft = await read_draft(state, callback_data.project_id)
    draft.later = True
    await save_draft(state, draft)
    if (message := _message(query)) is not None:
        await proceed(
            message, i18n, session=session, user=user, state=state, kit=publishing,
            queue=queue, draft=draft,
        )  # fmt: skip


async def _schedule(
    message: Message | None, *, project_id: int, when_key: str, i18n: I18nContext,
    session: AsyncSession, user: User, state: FSMContext, queue: JobQueue, kit: PublishingKit,
    slot: bool = False, picked: PickTimeCb | None = None,
) -> None:  # fmt: skip
    draft = await read_draft(state, project_id)
    if slot:
        when = await publish_slots.next_slot(session, user.id, user.timezone)
    else:
        assert picked is not None  # noqa: S101 - one of the two is given
        try:
            day = time_picker.day_of(picked.day)
        except ValueError as error:
            raise InvalidInput(what="day", reason="no such day") from error
        when = publish_slots.picked_time(user.timezone, day, picked.hour, picked.minute)
    try:
        publish_slots.check_future(when)
    except TimeInPast:
        if message is not None:
            days = time_picker.days(i18n, project_id, publish_slots.picker_days(user.timezone))
            await message.edit_text(i18n.get("schedule-past"), reply_markup=days)
        return
    made = await publish_plans.publish_picked(
        session, user.id, project_id, draft.picked, draft.captions, when=when, queue=queue,
        tiktok=draft.tiktok_picks() if kit.tiktok_ready else None,
    )  # fmt: skip
    await drop_draft(state)
    if message is not None:
        text = sent_text(i18n, when_key, made, when=local_time_text(when, user.timezone))
        await message.edit_text(text, reply_markup=None)


async def on_slot(
    query: CallbackQuery, *, callback_data: PublishCb, i18n: I18nContext, session: AsyncSession,
    user: User, state: FSMContext, queue: JobQueue, publishing: PublishingKit,
) -> None:  # fmt: skip
    await _schedule(
        _message(query), project_id=callback_data.project_id, when_key="schedule-done",
        i18n=i18n, session=session, user=user, state=state, queue=queue, slot=True,
        kit=publishing,
    )  # fmt: skip


async def on_pick(
    query: CallbackQuery, *, callback_data: PublishCb, i18n: I18nContext, user: User,
    state: FSMContext,
) -> None:  # fmt: skip
    await read_draft(state, callback_data.project_id)
    if (message := _message(query)) is not None:
        offered = publish_slots.picker_days(user.timezone)
        text = i18n.get("schedule-day", zone=zone_label(user.timezone))
        await message.edit_text(
            text, reply_markup=time_picker.days(i18n, callback_data.project_id, offered)
        )


async def on_day_or_hour(
    query: CallbackQuery, *, callback_data: PickTimeCb, i18n: I18nContext, user: User
) -> None:
    if (message := _message(query)) is None:
        return
    project_id, day = callback_data.project_id, callback_data.day
    zone = zone_label(user.timezone)
    if callback_data.action is PickAction.DAY:
        markup = time_picker.hours(i18n, project_id, day)
        await message.edit_text(i18n.get("schedule-hour", zone=zone), reply_markup=markup)
    else:
        markup = time_picker.minutes(i18n, project_id, day, callback_data.hour)
        await message.edit_text(i18n.get("schedule-minute", zone=zone), reply_markup=markup)


async def on_minute(
    query: CallbackQuery, *, callback_data: PickTimeCb, i18n: I18nContext, session: AsyncSession,
    user: User, state: FSMContext, queue: JobQueue, publishing: PublishingKit,
) -> None:  # fmt: skip
    await _schedule(
        _message(query), project_id=callback_data.project_id, when_key="schedule-done",
        i18n=i18n, session=session, user=user, state=state, queue=queue, picked=callback_data,
        kit=publishing,
    )  # fmt: skip


def create_router() -> Router:
    router = Router(name=__name__)
    cb, action = router.callback_query.register, F.action
    cb(on_when, PublishCb.filter(action == PublishAction.WHEN), flags=THROTTLE)
    cb(on_slot, PublishCb.filter(action == PublishAction.SLOT), flags=THROTTLE)
    cb(on_pick, PublishCb.filter(action == PublishAction.PICK), flags=THROTTLE)
    steps = {PickAction.DAY, PickAction.HOUR}
    cb(on_day_or_hour, PickTimeCb.filter(action.in_(steps)), flags=THROTTLE)
    cb(on_minute, PickTimeCb.filter(action == PickAction.MINUTE), flags=THROTTLE)
    return router
