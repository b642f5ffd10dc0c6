"""Voice Studio, recording: the studio menu, samples in (each scored), the draft discarded.

With ElevenLabs configured the voice will be a clone; offline a stock voice matched to the
samples. The bot says which from the first step.
"""

from pathlib import Path
from tempfile import TemporaryDirectory

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.chat_action import ChatActionSender
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import MenuAction, MenuCb, VoiceAction, VoiceCb
from bot.files import AUDIO_SUFFIXES, download, download_name
from bot.keyboards import Choice
from bot.keyboards import voice as keyboards
from bot.keyboards.menu import back_to_menu
from bot.states import VoiceStudio
from db.models import User
from pipeline.voices.cloud import VoiceCloud
from services import voice_drafts, voice_studio
from storage.disk import Storage

THROTTLE = {"throttling_key": "voice"}
UPLOAD = {"throttling_key": "upload"}  # downloads and audio analysis: their own budget


async def _studio(message: Message, i18n: I18nContext, session: AsyncSession, user: User) -> None:
    voices = await voice_studio.list_voices(session, user.id)
    default = next((v.id for v in voices if v.is_default), None)
    choices = [Choice(v.id, v.name) for v in voices]
    text = i18n.get("voice-studio" if voices else "voice-studio-empty")
    await message.answer(text, reply_markup=keyboards.studio(i18n, choices, default))


async def cmd_voice(
    message: Message, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    await _studio(message, i18n, session, user)


async def on_menu_voice(
    query: CallbackQuery, state: FSMContext, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    await state.clear()
    if isinstance(query.message, Message):
        await _studio(query.message, i18n, session, user)


async def draft_text(
    i18n: I18nContext, session: AsyncSession, user: User, cloud: VoiceCloud | None
) -> str:
    progress = await voice_drafts.get_draft_progress(session, user.id, cloud=cloud)
    return i18n.get(
        "voice-draft",
        samples=progress.samples,
        speech=progress.speech_s,
        missing=progress.missing_s,
    )


def _record_text(i18n: I18nContext, cloud: VoiceCloud | None) -> str:
    """What to send, and which kind of voice it becomes (a clone or a stock-voice match)."""
    if cloud is not None:
        return i18n.get("cloning-record", min=round(cloud.min_speech_s))
    return i18n.get("voice-record") + "\n" + i18n.get("cloning-kind-match")


async def on_record(
    query: CallbackQuery,
    *,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    voice_cloud: VoiceCloud | None,
) -> None:
    await state.set_state(VoiceStudio.sending_samples)
    progress = await voice_drafts.get_draft_progress(session, user.id, cloud=voice_cloud)
    draft = await draft_text(i18n, session, user, voice_cloud)
    text = _record_text(i18n, voice_cloud) + "\n" + draft
    if isinstance(query.message, Message):
        markup = keyboards.samples(i18n, has_samples=progress.samples > 0)
        await query.message.answer(text, reply_markup=markup)


async def on_sample(
    message: Message,
    *,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
    voice_cloud: VoiceCloud | None,
) -> None:
    """A voice note, an audio file or a document: checked, scored and kept as a draft sample."""
    media = message.voice or message.audio or message.document
    if media is None:
        return
    name = getattr(media, "file_name", None) or "sample.ogg"
    async with ChatActionSender.typing(bot=bot, chat_id=message.chat.id):
        with TemporaryDirectory(prefix="sample-") as folder:
            target = Path(folder) / download_name(name, AUDIO_SUFFIXES, ".ogg")
            path = await download(bot, media.file_id, media.file_size, target)
            sample = await voice_drafts.add_voice_sample(
                session, file_storage, user.id, path, mime=media.mime_type, name=name
            )
    scored = i18n.get(
        "voice-sample",
        score=round(sample.score * 100),
        seconds=round(sample.duration_s, 1),
        reason=i18n.get(sample.reason),
    )
    text = scored + "\n" + await draft_text(i18n, session, user, voice_cloud)
    await message.answer(text, reply_markup=keyboards.samples(i18n, has_samples=True))


async def on_not_a_sample(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("voice-send-audio"), reply_markup=back_to_menu(i18n))


async def on_discard(
    query: CallbackQuery,
    *,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
) -> None:
    count = await voice_drafts.discard_draft_samples(session, file_storage, user.id)
    await state.clear()
    if isinstance(query.message, Message):
        await query.message.edit_text(
            i18n.get("voice-discarded", count=count), reply_markup=back_to_menu(i18n)
        )


def create_router() -> Router:
    router = Router(name=__name__)
    msg, cb = router.message.register, router.callback_query.register
    not_command = ~F.text.startswith("/")
    msg(cmd_voice, Command("voice"), StateFilter(None), flags=THROTTLE)
    cb(on_menu_voice, MenuCb.filter(F.action == MenuAction.VOICE), flags=THROTTLE)
    cb(on_record, VoiceCb.filter(F.action == VoiceAction.RECORD), flags=THROTTLE)
    audio = F.voice | F.audio | F.document
    msg(on_sample, VoiceStudio.sending_samples, audio, flags=UPLOAD)
    msg(on_not_a_sample, VoiceStudio.sending_samples, not_command, flags=THROTTLE)
    cb(on_discard, VoiceCb.filter(F.action == VoiceAction.DISCARD), flags=THROTTLE)
    return router
