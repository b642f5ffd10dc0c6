"""/timezone: pick a common zone or type an IANA name or a UTC offset; schedules are picked
and shown in it."""

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.keyboards.timezones import zones
from bot.publish_callbacks import ZoneCb
from bot.states import TimeZone
from core.errors import InvalidInput
from db.models import User
from services import user_settings
from services.user_settings import COMMON_ZONES, zone_label

THROTTLE = {"throttling_key": "default"}


async def _set(
    message: Message, text: str, *, i18n: I18nContext, session: AsyncSession, user: User,
    state: FSMContext,
) -> None:  # fmt: skip
    updated = await user_settings.set_timezone(session, user.id, text)
    await state.clear()
    await message.answer(i18n.get("timezone-set", zone=zone_label(updated.timezone)))


async def cmd_timezone(
    message: Message, *, command: CommandObject, i18n: I18nContext, session: AsyncSession,
    user: User, state: FSMContext,
) -> None:  # fmt: skip
    """`/timezone Europe/Paris` sets it at once; plain /timezone offers the list."""
    if command.args:
        await _set(message, command.args, i18n=i18n, session=session, user=user, state=state)
        return
    await state.set_state(TimeZone.entering_zone)
    text = i18n.get("timezone-ask", zone=zone_label(user.timezone))
    await message.answer(text, reply_markup=zones(i18n))


async def on_zone(
    query: CallbackQuery, *, callback_data: ZoneCb, i18n: I18nContext, session: AsyncSession,
    user: User, state: FSMContext,
) -> None:  # fmt: skip
    if callback_data.index >= len(COMMON_ZONES):
        raise InvalidInput(what="time zone", reason="no such button")
    if isinstance(query.message, Message):
        name = COMMON_ZONES[callback_data.index]
        await _set(query.message, name, i18n=i18n, session=session, user=user, state=state)


async def on_typed_zone(
    message: Message, *, i18n: I18nContext, session: AsyncSession, user: User, state: FSMContext
) -> None:
    await _set(message, message.text or "", i18n=i18n, session=session, user=user, state=state)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_timezone, Command("timezone"), flags=THROTTLE)
    router.callback_query.register(on_zone, ZoneCb.filter(), flags=THROTTLE)
    not_command = ~F.text.startswith("/")
    router.message.register(
        on_typed_zone, TimeZone.entering_zone, F.text, not_command, flags=THROTTLE
    )
    return router
