"""/api: the user's REST API keys (prefix, name, made, last used), a new key shown once,
and revoking one after a confirmation (see `services.api_keys`)."""

from collections.abc import Sequence
from datetime import UTC, datetime

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ApiKeyAction, ApiKeyCb
from bot.keyboards.api_keys import api_keys, revoke_confirm
from bot.plan_view import when_text
from bot.replies import show
from db.models import ApiKey, User
from services.api_keys import create_api_key, get_api_key, list_api_keys, revoke_api_key

THROTTLE = {"throttling_key": "default"}


def _key_line(i18n: I18nContext, key: ApiKey, zone: str | None) -> str:
    used = (
        when_text(key.last_used_at, zone)
        if key.last_used_at is not None
        else i18n.get("api-never-used")
    )
    return i18n.get(
        "api-key-line",
        prefix=html.quote(key.prefix),
        name=html.quote(key.name),
        created=when_text(key.created_at, zone),
        used=used,
    )


def _screen(
    i18n: I18nContext, keys: Sequence[ApiKey], zone: str | None
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [i18n.get("api-title")]
    lines += [_key_line(i18n, key, zone) for key in keys] or [i18n.get("api-no-keys")]
    markup = api_keys(i18n, [(key.id, key.prefix) for key in keys])
    return "\n\n".join(lines), markup


async def cmd_api(message: Message, i18n: I18nContext, session: AsyncSession, user: User) -> None:
    """The live keys with buttons to make or revoke one."""
    text, markup = _screen(i18n, await list_api_keys(session, user.id), user.timezone)
    await message.answer(text, reply_markup=markup)


async def on_new(
    query: CallbackQuery, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    """A new key, shown this once (a plan without the API is refused by the service)."""
    made = await create_api_key(session, user.id, name="telegram", now=datetime.now(UTC))
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("api-created", key=html.quote(made.secret)))


async def on_revoke(
    query: CallbackQuery,
    callback_data: ApiKeyCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    """Ask before revoking."""
    key = await get_api_key(session, user.id, callback_data.key_id)
    text = i18n.get("api-revoke-confirm", prefix=html.quote(key.prefix), name=html.quote(key.name))
    await show(query, text, revoke_confirm(i18n, key.id))


async def on_revoke_yes(
    query: CallbackQuery,
    callback_data: ApiKeyCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    await revoke_api_key(session, user.id, callback_data.key_id, now=datetime.now(UTC))
    text, markup = _screen(i18n, await list_api_keys(session, user.id), user.timezone)
    await show(query, i18n.get("api-revoked") + "\n\n" + text, markup)


async def on_keep(
    query: CallbackQuery, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    text, markup = _screen(i18n, await list_api_keys(session, user.id), user.timezone)
    await show(query, text, markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_api, Command("api"), flags=THROTTLE)
    cb = router.callback_query.register
    cb(on_new, ApiKeyCb.filter(F.action == ApiKeyAction.NEW), flags=THROTTLE)
    cb(on_revoke, ApiKeyCb.filter(F.action == ApiKeyAction.REVOKE), flags=THROTTLE)
    cb(on_revoke_yes, ApiKeyCb.filter(F.action == ApiKeyAction.REVOKE_YES), flags=THROTTLE)
    cb(on_keep, ApiKeyCb.filter(F.action == ApiKeyAction.KEEP), flags=THROTTLE)
    return router
