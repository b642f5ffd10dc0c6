"""The Notifier jobs report through: one progress message per project, edited as stages
advance (at most one edit per `min_interval`), then the preview video or the failure.

Jobs pass message keys; the text is rendered here in the user's language.
"""

import asyncio
import math
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

from bot.i18n import context_for, translate
from bot.keyboards import voice as voice_keyboards
from bot.keyboards.preview import preview
from bot.keyboards.retry import retry
from bot.publication_reports import report_publication
from bot.replies import send_video
from bot.text_limits import CAPTION_LIMIT, fit_html
from bot.variations_card import send_variations, variations_menu
from bot.voice_match import with_match_line
from core.errors import NotFound
from core.ports import PublicationEvent, StageProgress, StudioEvent, StudioJobState, StudioWork
from db.models import Project, User, VariationKind, VoiceEngine
from services import progress, variation_jobs, voice_jobs
from services.deliverables import get_deliverables
from services.progress import ChatMessage
from storage.disk import Storage

log = structlog.get_logger(__name__)
MAX_RETRY_AFTER_S = 30.0
MAX_TRACKED_EDITS = 256  # past this many projects, forget edit times older than min_interval


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
        self.min_interval, self.clock = min_interval, clock
        self.last_edit: dict[int, float] = {}

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
        report = self._voice if event.work is StudioWork.VOICE else self._variations
        await self._guarded(event.entity_id, lambda: report(event))

    async def publication(self, event: PublicationEvent) -> None:
        await report_publication(self.bot, self.sessionmaker, self.core, event)

    async def _voice(self, event: StudioEvent) -> None:
        """The new voice's card (as the handler used to answer), or why it was not made."""
        async with self.sessionmaker() as session:
            try:
                user, voice = await voice_jobs.voice_report(session, event)
            except NotFound:
                return
        i18n, chat_id = context_for(self.core, user.language), user.telegram_id or 0
        if event.state is StudioJobState.FAILED:
            if event.params.get("transient"):
                text = i18n.get("voice-try-later")
            else:
                text = translate(i18n, event.key, dict(event.params.get("error_params", {})))
            await self.bot.send_message(chat_id, text)
            return
        if voice is None:
            return
        cloned = voice.engine is VoiceEngine.ELEVENLABS
        key = "cloning-created" if cloned else "voice-created"
        text = with_match_line(i18n, voice, i18n.get(key, name=html.quote(voice.name)))
        card = voice_keyboards.voice_card(i18n, voice.id, is_default=voice.is_default)
        await self.bot.send_message(chat_id, text, reply_markup=card)

    async def _variations(self, event: StudioEvent) -> None:
        """A variations job's pictures, refusals and failure, then the menu (as the handler
        used to answer)."""
        async with self.sessionmaker() as session:
            report = await variation_jobs.variations_report(session, self.storage, event)
        if report is None:
            return
        user, character, made, found = report
        i18n, chat_id = context_for(self.core, user.language), user.telegram_id or 0
        name = html.quote(character.name)
        refused = [(str(kind), score) for kind, score in event.params.get("refused", ())]
        await send_variations(
            self.bot, chat_id, i18n, storage=self.storage, made=made, refused=refused, name=name
        )
        if event.state is StudioJobState.FAILED and event.params.get("transient"):
            await self.bot.send_message(chat_id, i18n.get("variations-try-later", name=name))
        elif event.state is StudioJobState.FAILED:
            reason = translate(i18n, event.key, dict(event.params.get("error_params", {})))
            await self.bot.send_message(chat_id, reason)
        elif not made and not refused:
            await self.bot.send_message(chat_id, i18n.get("variations-nothing-new"))
        if "offered" in event.params:
            offered = [VariationKind(kind) for kind in event.params["offered"]]
            text, markup = variations_menu(
                i18n, character, found, fal=bool(event.params["fal"]), offered=offered
            )
            await self.bot.send_message(chat_id, text, reply_markup=markup)

    async def _progress(self, update: StageProgress) -> None:
        now = self.clock()
        if now - self.last_edit.get(update.project_id, -math.inf) < self.min_interval:
            return
        self._forget_old_edits(now)
        self.last_edit[update.project_id] = now
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

    def _forget_old_edits(self, now: float) -> None:
        """Drop edit times too old to throttle anything (projects that never finished here:
        a worker stopped mid-job, a user who left), once there are enough to matter."""
        if len(self.last_edit) >= MAX_TRACKED_EDITS:
            self.last_edit = {
                project_id: at
                for project_id, at in self.last_edit.items()
                if now - at < self.min_interval
            }

    async def _finished(self, project_id: int) -> None:
        self.last_edit.pop(project_id, None)
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
        self.last_edit.pop(project_id, None)
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
