"""Keep aiogram's parametrized `Response[...]` models alive for the life of the process.

aiogram validates every Bot API answer with `Response[<the method's return type>]`, and
pydantic 2.12+ caches parametrized generic models only weakly: once the last reference is
collected, the next call builds the model again, about 5 ms of CPU, most of an update's cost.
Strong references to the models of the methods the bot calls end that.
"""

from typing import Any

from aiogram import methods
from aiogram.methods.base import Response

USED_METHODS: tuple[type[methods.TelegramMethod[Any]], ...] = (
    methods.GetUpdates,
    methods.GetMe,
    methods.SendMessage,
    methods.EditMessageText,
    methods.EditMessageReplyMarkup,
    methods.AnswerCallbackQuery,
    methods.SendVideo,
    methods.SendPhoto,
    methods.SendDocument,
    methods.SendVoice,
    methods.SetMyCommands,
    methods.GetFile,
)
_kept: dict[str, type[Response[Any]]] = {}


def keep_response_models() -> None:
    """Build each model once and hold it (idempotent)."""
    for method in USED_METHODS:
        returning = method.__returning__
        if repr(returning) not in _kept:
            _kept[repr(returning)] = Response[returning]  # type: ignore[valid-type]
