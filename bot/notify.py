"""The Notifier jobs report through: one progress message per project, edited as stages
advance (at most one edit per `min_interval`), then the preview video or the failure;
studio jobs' reports go to bot.studio_notify, under the same throttle.

Jobs pass message keys; the text is rendered here in the user's language.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from contextlib import suppress
from typing import Any

import structlog
from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.digest_notify import send_digest
from bot.edit_throttle import EditThrottle
from bot.i18n import context_for, translate
from bot.keyboards.preview import preview
from bot.keyboards.retry import retry
from bot.plan_notify import remind_plan
from bot.publication_reports import report_publication
from bot.replies import send_video
from bot.studio_notify import StudioReporter
from bot.text_limits import CAPTION_LIMIT, fit_html
from core.ports import PublicationEvent, StageProgress, StudioEvent
from core.ports.digest import WeeklyDigest
from core.ports.payments import PlanReminder
from db.models import Project, User
from services import progress
from services.deliverables import get_deliverables
from services.progress import ChatMessage
from storage.disk import Storage

log = structlog.get_logger(__name__)
MAX_RETRY_AFTER_S = 30.0


class TelegramNotifier:
    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        core: FluentRuntimeCore,
        storage: Storage,
        *,
        min_interval: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot, self.sessionmaker, self.core, self.storage = bot, sessionmaker, core, storage
        self.throttle = EditThrottle(min_interval, clock)  # one for every message edited
        self.studio_reports = StudioReporter(bot, sessionmaker, core, storage, self.throttle)

    async def _load(self, session: AsyncSession, project_id: int) -> tuple[Project, User] | None:
        return await progress.recipient(session, project_id)

    async def _show(
        self, session: AsyncSession, project: Project, chat_id: int, text: str
    ) -> None:
        """Edit the project's progress message, or send one (and remember it) if it has none
        for this revision (e.g. a project resumed after a restart)."""
        kept = await progress.progress_message(session, project)
        if kept is None:
            message = await self.bot.send_message(chat_id, text)
            sent = ChatMessage(chat_id, message.message_id)
            # The bot sends one too when it queues the job, maybe at this very moment: the
            # first one kept stays, so the person sees one message per revision.
            kept = await progress.claim_progress_message(session, project, sent)
            if kept == sent:
                return
            with suppress(TelegramBadRequest):
                await self.bot.delete_message(sent.chat_id, sent.message_id)
        # "message is not modified" and a message the user deleted are not worth a retry.
        with suppress(TelegramBadRequest):
            await self.bot.edit_message_text(
                text=text, chat_id=kept.chat_id, message_id=kept.message_id
            )

    async def _guarded(self, project_id: int, report: Callable[[], Awaitable[None]]) -> bool:
        """Telegram trouble never fails the job: a 429 is waited out once, anything else
        (the user blocked the bot, the network) is logged; the Short stays in My Shorts.

        Returns False when it is worth sending again later (the network, Telegram's own
        trouble), True when it went through or never will (blocked, a refused request).
        """
        try:
            try:
                await report()
            except TelegramRetryAfter as error:
                await asyncio.sleep(min(error.retry_after, MAX_RETRY_AFTER_S))
                await report()
        except (TelegramForbiddenError, TelegramBadRequest) as error:
            log.warning("notify.refused", project_id=project_id, error=str(error))
        except TelegramAPIError as error:  # the network, Telegram's 5xx, a second 429
            log.warning("notify.failed", project_id=project_id, error=str(error))
            return False
        return True

    async def progress(self, update: StageProgress) -> None:
        await self._guarded(update.project_id, lambda: self._progress(update))

    async def finished(self, project_id: int) -> bool:
        return await self._guarded(project_id, lambda: self._finished(project_id))

    async def failed(self, project_id: int, key: str, params: Mapping[str, Any]) -> None:
        await self._guarded(project_id, lambda: self._failed(project_id, key, params))

    async def studio(self, event: StudioEvent) -> None:
        await self._guarded(event.entity_id, lambda: self.studio_reports.report(event))

    async def publication(self, event: PublicationEvent) -> None:
        await report_publication(self.bot, self.sessionmaker, self.core, event)

    async def plan_expiring(self, reminder: PlanReminder) -> bool:
        return await remind_plan(self.bot, self.sessionmaker, self.core, reminder)

    async def weekly_digest(self, digest: WeeklyDigest) -> bool:
        return await send_digest(self.bot, self.sessionmaker, self.core, digest)

    async def _progress(self, update: StageProgress) -> None:
        if not self.throttle.due(update.project_id):
            return
        async with self.sessionmaker() as session:
            if (found := await self._load(session, update.project_id)) is None:
                return
            project, user = found
            i18n = context_for(self.core, user.language)
            text = i18n.get(
                "progress",
                topic=html.quote(project.topic),
                stage=i18n.get(f"stage-{update.stage.value}"),
                percent=round(update.overall * 100),
                eta=0 if update.eta_s is None else max(1, round(update.eta_s)),
            )
            await self._show(session, project, user.telegram_id or 0, text)

    async def _finished(self, project_id: int) -> None:
        self.throttle.forget(project_id)
        async with self.sessionmaker() as session:
            if (found := await self._load(session, project_id)) is None:
                return
            project, user = found
            i18n = context_for(self.core, user.language)
            chat_id = user.telegram_id or 0
            await self._show(session, project, chat_id, i18n.get("progress-done"))
            result = await get_deliverables(session, self.storage, user.id, project_id)
            caption = _preview_caption(i18n, project, result.title, result.face_match)
            if result.spend_limited:  # the ceiling stopped a paid provider: say so
                steps = ", ".join(i18n.get(f"spend-step-{s}") for s in result.spend_limited)
                caption += i18n.get("preview-spend-limited", steps=steps)
            await send_video(self.bot, chat_id, result, caption, preview(i18n, project_id))

    async def _failed(self, project_id: int, key: str, params: Mapping[str, Any]) -> None:
        self.throttle.forget(project_id)
        async with self.sessionmaker() as session:
            if (found := await self._load(session, project_id)) is None:
                return
            project, user = found
            i18n = context_for(self.core, user.language)
            reason = translate(i18n, key, dict(params))
            text = i18n.get("progress-failed", topic=html.quote(project.topic), reason=reason)
            await self._show(session, project, user.telegram_id or 0, text)
            await self.bot.send_message(
                user.telegram_id or 0,
                i18n.get("failed-nothing-lost"),
                reply_markup=retry(i18n, project_id),
            )


def _preview_caption(
    i18n: I18nContext,
    project: Project,
    title: str,
    face_match: tuple[float, float] | None = None,
) -> str:
    voice = project.options.voice
    # Offline, a user's voice is a stock voice matched to their samples: say so (a clone is
    # the real thing and needs no note).
    matched = voice.voice_id and voice.engine != "elevenlabs"
    note = (i18n.get("preview-voice-match") if matched else "") + _face_note(i18n, face_match)
    return fit_html(
        lambda title: i18n.get("preview-caption", title=title, note=note),
        CAPTION_LIMIT,
        title=title,
    )


def _face_note(i18n: I18nContext, face_match: tuple[float, float] | None) -> str:
    """The scenes' lowest and highest face similarity as percentages ("97-99 %")."""
    if face_match is None:
        return ""
    low, high = (min(100, max(0, round(score * 100))) for score in face_match)
    if low == high:
        return i18n.get("preview-face-match-one", score=low)
    return i18n.get("preview-face-match", low=low, high=high)
