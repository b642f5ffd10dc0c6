"""Every button press is answered (aiogram's CallbackAnswerMiddleware); a press whose handler
raised gets its error as an alert before the error handlers tell the rest.

A press whose edit would change nothing ("message is not modified": the same button pressed
twice, the second press handled after the first one's edit) already shows its result: it is
answered quietly, neither an error nor an alert.
"""

from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer, CallbackAnswerMiddleware
from aiogram_i18n import I18nContext

from bot.i18n import translate
from bot.text_limits import ALERT_LIMIT, cut_plain
from core.errors import DomainError

log = structlog.get_logger(__name__)
NOT_MODIFIED = "message is not modified"


class AlertingCallbackAnswerMiddleware(CallbackAnswerMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, CallbackQuery):
            return await handler(event, data)

        async def guarded(event: TelegramObject, data: dict[str, Any]) -> Any:
            try:
                return await handler(event, data)
            except TelegramBadRequest as error:
                if NOT_MODIFIED not in error.message:
                    _alert(data, error)
                    raise
                log.debug("callback.unchanged", data=getattr(event, "data", None))
                return None
            except Exception as error:
                _alert(data, error)
                raise

        return await super().__call__(guarded, event, data)


def _alert(data: dict[str, Any], error: Exception) -> None:
    """The press's answer becomes an alert with the error (as plain text: alerts are)."""
    answer: CallbackAnswer = data["callback_answer"]
    if answer.answered or answer.disabled:
        return
    i18n: I18nContext = data["i18n"]
    key = error.key if isinstance(error, DomainError) else "error-internal"
    params = error.params if isinstance(error, DomainError) else {}
    answer.text = cut_plain(translate(i18n, key, params, quote=False), ALERT_LIMIT)
    answer.show_alert = True
