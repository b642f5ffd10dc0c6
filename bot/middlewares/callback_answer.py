"""Every button press is answered (aiogram's CallbackAnswerMiddleware); a press whose handler
raised gets its error as an alert before the error handlers tell the rest."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.types import CallbackQuery, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer, CallbackAnswerMiddleware
from aiogram_i18n import I18nContext

from bot.i18n import translate
from pipeline.errors import DomainError


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
            except Exception as error:
                answer: CallbackAnswer = data["callback_answer"]
                if not answer.answered and not answer.disabled:
                    i18n: I18nContext = data["i18n"]
                    key = error.key if isinstance(error, DomainError) else "error-internal"
                    params = error.params if isinstance(error, DomainError) else {}
                    answer.text = translate(i18n, key, params)[:200]
                    answer.show_alert = True
                raise

        return await super().__call__(guarded, event, data)
