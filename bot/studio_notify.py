"""The studio jobs' reports in the chat: one progress message per job, sent at its first
report and edited as it goes (at most once per the throttle's interval), marked done or
stopped at the end; then the voice's card or the variations, or why not.

A job runs in one process from its first report to its last, so the message is kept here,
by job ID; a job retried elsewhere after a crash starts a message of its own.
"""

import asyncio
from contextlib import suppress

import structlog
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.edit_throttle import EditThrottle
from bot.i18n import context_for, translate
from bot.keyboards import voice as voice_keyboards
from bot.variations_card import send_variations, variations_menu
from bot.voice_match import with_match_line
from core.errors import NotFound
from core.ports import StudioEvent, StudioJobState, StudioWork
from db.models import VariationKind, VoiceEngine
from services import progress, variation_jobs, voice_jobs
from services.progress import ChatMessage
from storage.disk import Storage

log = structlog.get_logger(__name__)
MAX_TRACKED_JOBS = 256  # progress messages of jobs whose end this process never saw


class StudioReporter:
    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        core: FluentRuntimeCore,
        storage: Storage,
        throttle: EditThrottle,
    ) -> None:
        self.bot, self.sessionmaker, self.core, self.storage = bot, sessionmaker, core, storage
        self.throttle = throttle
        self.messages: dict[str, ChatMessage] = {}  # by job ID
        self.sending = asyncio.Lock()  # a job's first reports may come at once (fal's)

    async def report(self, event: StudioEvent) -> None:
        if event.state is StudioJobState.RUNNING:
            await self._progress(event)
            return
        shown = self.messages.pop(event.job_id, None)
        self.throttle.forget(event.job_id)
        if event.work is StudioWork.VOICE:
            await self._voice(event, shown)
        else:
            await self._variations(event, shown)

    async def _progress(self, event: StudioEvent) -> None:
        first = event.job_id not in self.messages
        if not self.throttle.due(event.job_id) and not first:
            return
        async with self.sessionmaker() as session:
            user = await progress.studio_recipient(session, event)
        if user is None or user.telegram_id is None:
            return
        i18n = context_for(self.core, user.language)
        text = translate(i18n, f"studio-step-{event.key}", dict(event.params))
        try:
            async with self.sending:
                shown = self.messages.get(event.job_id)
                if shown is None:
                    message = await self.bot.send_message(user.telegram_id, text)
                    self._keep(event.job_id, ChatMessage(user.telegram_id, message.message_id))
                    return
            # "Not modified", or a message the user deleted: the job goes on regardless.
            with suppress(TelegramBadRequest):
                await self.bot.edit_message_text(
                    text=text, chat_id=shown.chat_id, message_id=shown.message_id
                )
        except TelegramRetryAfter as error:  # a later report shows the progress anyway
            log.info("notify.progress_skipped", job_id=event.job_id, retry_after=error.retry_after)

    def _keep(self, job_id: str, message: ChatMessage) -> None:
        if len(self.messages) >= MAX_TRACKED_JOBS:
            self.messages.pop(next(iter(self.messages)))  # the oldest
        self.messages[job_id] = message

    async def _close(self, shown: ChatMessage | None, i18n: I18nContext, failed: bool) -> None:
        """The progress message says the job ended: its result, or why not, comes next."""
        if shown is None:
            return
        key = "studio-progress-failed" if failed else "studio-progress-done"
        with suppress(TelegramBadRequest):
            await self.bot.edit_message_text(
                text=i18n.get(key), chat_id=shown.chat_id, message_id=shown.message_id
            )

    async def _voice(self, event: StudioEvent, shown: ChatMessage | None) -> None:
        """The new voice's card (as the handler used to answer), or why it was not made."""
        async with self.sessionmaker() as session:
            try:
                user, voice = await voice_jobs.voice_report(session, event)
            except NotFound:
                return
        i18n, chat_id = context_for(self.core, user.language), user.telegram_id or 0
        failed = event.state is StudioJobState.FAILED
        await self._close(shown, i18n, failed)
        if failed:
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

    async def _variations(self, event: StudioEvent, shown: ChatMessage | None) -> None:
        """A variations job's pictures, refusals and failure, then the menu (as the handler
        used to answer)."""
        async with self.sessionmaker() as session:
            report = await variation_jobs.variations_report(session, self.storage, event)
        if report is None:
            return
        user, character, made, found = report
        i18n, chat_id = context_for(self.core, user.language), user.telegram_id or 0
        await self._close(shown, i18n, event.state is StudioJobState.FAILED)
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
