"""Errors: a DomainError answers in the user's language; anything else is logged and the
user hears that nothing was lost. Button presses already got the text as an alert."""

import structlog
from aiogram import Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent
from aiogram_i18n import I18nContext

from bot.i18n import translate
from core.errors import DomainError

log = structlog.get_logger(__name__)


async def on_domain_error(event: ErrorEvent, i18n: I18nContext) -> None:
    error = event.exception
    assert isinstance(error, DomainError)  # noqa: S101 - guaranteed by the filter
    fields = {"update_id": event.update.update_id, "error_class": type(error).__name__}
    if error.__cause__ is not None:  # e.g. the network error behind a failed download
        fields["cause"] = f"{type(error.__cause__).__name__}: {error.__cause__}"
    report = log.warning if error.transient else log.info
    report("update.refused", error=str(error), **fields)
    if event.update.message is not None:
        await event.update.message.answer(translate(i18n, error.key, error.params))


async def on_any_error(event: ErrorEvent, i18n: I18nContext) -> None:
    log.error("update.failed", update_id=event.update.update_id, exc_info=event.exception)
    if event.update.message is not None:
        await event.update.message.answer(i18n.get("error-internal"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.error.register(on_domain_error, ExceptionTypeFilter(DomainError))
    router.error.register(on_any_error)
    return router
