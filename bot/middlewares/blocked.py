"""Outer middleware: every update of a blocked user is dropped before any handler runs,
except a Stars payment or refund (the money moved; it is recorded).

The user hears one polite note (in their language) for a block, not one per update: the
middleware remembers whom it told, keyed by the user row's `updated_at`, which a block
(or an unblock and a new block) changes. A restart may tell them once more. Their button
presses are answered without text, so the button does not spin; the note goes only to a
private chat (the bot answers nowhere else).
"""

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import structlog
from aiogram import BaseMiddleware, Bot
from aiogram.enums import ChatType
from aiogram.types import TelegramObject, Update
from aiogram_i18n import I18nContext

from db.models import User

log = structlog.get_logger(__name__)

MAX_TOLD = 10_000


def _is_money(event: TelegramObject) -> bool:
    """A Stars payment or refund: Telegram has moved the money, so it is always recorded
    (a block landing between the pre-checkout answer and the payment must not lose it)."""
    message = event.message if isinstance(event, Update) else None
    return message is not None and (
        message.successful_payment is not None or message.refunded_payment is not None
    )


class BlockedUserMiddleware(BaseMiddleware):
    def __init__(self) -> None:
        self.told: set[tuple[int, datetime]] = set()

    def first_time(self, user: User) -> bool:
        """Whether the note for this block is still to be sent (and mark it sent)."""
        key = (user.id, user.updated_at)
        if key in self.told:
            return False
        if len(self.told) >= MAX_TOLD:
            self.told.clear()
        self.told.add(key)
        return True

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("user")
        if user is None or not user.is_blocked or _is_money(event):
            return await handler(event, data)
        log.info("update.blocked", user_id=user.id)
        if isinstance(event, Update):
            await self.answer(event, user, data["bot"], data["i18n"])
        return None

    async def answer(self, update: Update, user: User, bot: Bot, i18n: I18nContext) -> None:
        """The note the first time, as an alert or a message; later presses in silence."""
        if (query := update.callback_query) is not None:
            note = self.first_time(user)
            text = i18n.get("blocked-note") if note else None
            await bot.answer_callback_query(query.id, text=text, show_alert=note)
            return
        message = update.message
        private = message is not None and message.chat.type == ChatType.PRIVATE
        if message is not None and private and self.first_time(user):
            await bot.send_message(message.chat.id, i18n.get("blocked-note"))
