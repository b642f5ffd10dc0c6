"""A batch's reports: ONE progress message for the whole batch (done / failed / total and
the time left), edited at most once per `min_interval` as its Shorts finish, then one
summary with the list and its buttons. Never a message per Short: a batch's previews open
from the summary.

The notifier of `ProjectOrigin.BATCH` (see `services.notices.OriginRouter`). Telegram
trouble never fails a job: a 429 is waited out once, anything else is logged; a summary
that did not go out is released and sent by the next report.
"""

import asyncio
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from typing import Any

import structlog
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramRetryAfter
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.batch_texts import progress_text, summary_text
from bot.edit_throttle import EditThrottle
from bot.i18n import context_for
from bot.keyboards import batch as batch_keyboards
from core.ports import PublicationEvent, StageProgress, StudioEvent
from db.base import utcnow
from services import batch_reports, batches

log = structlog.get_logger(__name__)
MAX_RETRY_AFTER_S = 30.0


class BatchNotifier:
    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        core: FluentRuntimeCore,
        *,
        min_interval: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot, self.sessionmaker, self.core = bot, sessionmaker, core
        self.throttle = EditThrottle(min_interval, clock)

    async def progress(self, update: StageProgress) -> None:
        del update  # a Short's stages are not the batch's news: its end is

    async def finished(self, project_id: int) -> bool:
        await self._guarded(project_id)
        return True  # the preview opens from the summary: nothing to send again

    async def failed(self, project_id: int, key: str, params: Mapping[str, Any]) -> None:
        del key, params  # the summary says why, Short by Short
        await self._guarded(project_id)

    async def studio(self, event: StudioEvent) -> None:
        del event

    async def publication(self, event: PublicationEvent) -> None:
        del event

    async def _guarded(self, project_id: int) -> None:
        try:
            try:
                await self._report(project_id)
            except TelegramRetryAfter as error:
                await asyncio.sleep(min(error.retry_after, MAX_RETRY_AFTER_S))
                await self._report(project_id)
        except TelegramAPIError as error:
            log.warning("batch_notify.failed", project_id=project_id, error=str(error))

    async def _report(self, project_id: int) -> None:
        async with self.sessionmaker() as session:
            owner = await batch_reports.batch_of_project(session, project_id)
            if owner is None:
                return
            batch_id = owner.batch.id
            state = await batches.batch_progress(session, batch_id, now=utcnow())
            i18n = context_for(self.core, owner.user.language)
            chat_id = owner.batch.chat_id or owner.user.telegram_id or 0
            if not state.counts.complete:
                if self.throttle.due(batch_id):
                    await self._show(session, batch_id, chat_id, progress_text(i18n, state))
                return
            # The end: whoever claims the summary makes the last edit and sends it, once
            # (two Shorts ending together would otherwise both edit the message).
            if not await batch_reports.claim_summary(session, batch_id, utcnow()):
                return
            try:
                await self.throttle.wait_turn(batch_id)
                await self._show(session, batch_id, chat_id, progress_text(i18n, state))
                await self._summary(session, batch_id, chat_id, owner.user.language)
            except TelegramAPIError:
                await batch_reports.release_summary(session, batch_id)
                raise
            finally:
                self.throttle.forget(batch_id)

    async def _show(self, session: AsyncSession, batch_id: int, chat_id: int, text: str) -> None:
        """Edit the batch's message, or send one (a batch resumed without it)."""
        batch = await batches.get_system_batch(session, batch_id)
        if batch.progress_message_id is None:
            sent = await self.bot.send_message(chat_id, text)
            if not await batch_reports.keep_progress_message(
                session, batch_id, chat_id, sent.message_id
            ):
                with suppress(TelegramBadRequest):
                    await self.bot.delete_message(chat_id, sent.message_id)
            return
        with suppress(TelegramBadRequest):  # not modified, or deleted by the person
            await self.bot.edit_message_text(
                text=text, chat_id=batch.chat_id or chat_id, message_id=batch.progress_message_id
            )

    async def _summary(
        self, session: AsyncSession, batch_id: int, chat_id: int, language: str
    ) -> None:
        i18n = context_for(self.core, language)
        items = await batches.system_batch_items(session, batch_id)
        done = sum(1 for item in items if item.done)
        failed = len(items) - done
        await self.bot.send_message(
            chat_id,
            summary_text(i18n, items),
            reply_markup=batch_keyboards.summary(i18n, batch_id, done=done, failed=failed),
        )
