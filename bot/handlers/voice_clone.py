"""Voice Studio, recording: samples in (each scored), consent, a name, then the voice.

With ElevenLabs configured the voice is a clone; offline it is a stock voice matched to the
samples. The bot says which from the first step.
"""

from pathlib import Path
from tempfile import TemporaryDirectory

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.chat_action import ChatActionSender
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import MenuAction, MenuCb, VoiceAction, VoiceCb
from bot.files import download
from bot.keyboards import Choice
from bot.keyboards import voice as keyboards
from bot.keyboards.menu import back_to_menu
from bot.states import VoiceStudio
from bot.voice_match import with_match_line
from db.models import User, VoiceEngine
from pipeline import voice_studio
from pipeline.storage import Storage
from pipeline.voices.cloud import VoiceCloud

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


async def _draft_text(
    i18n: I18nContext, session: AsyncSession, user: User, cloud: VoiceCloud | None
) -> str:
    progress = await voice_studio.get_draft_progress(session, user.id, cloud=cloud)
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
    progress = await voice_studio.get_draft_progress(session, user.id, cloud=voice_cloud)
    draft = await _draft_text(i18n, session, user, voice_cloud)
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
            path = await download(
                bot, media.file_id, media.file_size, Path(folder) / Path(name).name
            )
            sample = await voice_studio.add_voice_sample(
                session, file_storage, user.id, path, mime=media.mime_type
            )
    await session.commit()
    scored = i18n.get(
        "voice-sample",
        score=round(sample.score * 100),
        seconds=round(sample.duration_s, 1),
        reason=i18n.get(sample.reason),
    )
    text = scored + "\n" + await _draft_text(i18n, session, user, voice_cloud)
    await message.answer(text, reply_markup=keyboards.samples(i18n, has_samples=True))


async def on_not_a_sample(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("voice-send-audio"), reply_markup=back_to_menu(i18n))


async def on_create(
    query: CallbackQuery,
    *,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    voice_cloud: VoiceCloud | None,
) -> None:
    """Before anything is made: is it the user's voice, or did its owner agree?"""
    progress = await voice_studio.get_draft_progress(session, user.id, cloud=voice_cloud)
    if not isinstance(query.message, Message):
        return
    if not progress.ready:
        await query.message.answer(await _draft_text(i18n, session, user, voice_cloud))
        return
    await state.set_state(VoiceStudio.confirming_consent)
    text = i18n.get("voice-consent")
    if voice_cloud is not None:
        text += "\n" + i18n.get("cloning-consent")
    await query.message.answer(text, reply_markup=keyboards.consent(i18n))


async def on_consent(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.update_data(consent=True)
    await state.set_state(VoiceStudio.entering_name)
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n.get("voice-ask-name"), reply_markup=back_to_menu(i18n))


async def on_name(
    message: Message,
    *,
    state: FSMContext,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
    voice_cloud: VoiceCloud | None,
) -> None:
    """Clone, or match a stock voice to, the samples (a few seconds: the chat shows "typing")."""
    data = await state.get_data()
    async with ChatActionSender.typing(bot=bot, chat_id=message.chat.id):
        voice = await voice_studio.create_voice(
            session,
            file_storage,
            user.id,
            message.text or "",
            consent=bool(data.get("consent")),
            language=user.language,
            cloud=voice_cloud,
        )
    await session.commit()
    await state.clear()
    cloned = voice.engine is VoiceEngine.ELEVENLABS
    text = i18n.get("cloning-created" if cloned else "voice-created", name=html.quote(voice.name))
    text = with_match_line(i18n, voice, text)
    await message.answer(
        text, reply_markup=keyboards.voice_card(i18n, voice.id, is_default=voice.is_default)
    )


async def on_discard(
    query: CallbackQuery,
    *,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
) -> None:
    count = await voice_studio.discard_draft_samples(session, file_storage, user.id)
    await session.commit()
    await state.clear()
    if isinstance(query.message, Message):
        await query.message.edit_text(
            i18n.get("voice-discarded", count=count), reply_markup=back_to_menu(i18n)
        )


async def on_name_not_text(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("voice-ask-name"), reply_markup=back_to_menu(i18n))


async def on_use_buttons(message: Message, i18n: I18nContext) -> None:
    """Text where the consent button is expected: ask again, with the button."""
    await message.answer(i18n.get("use-buttons"), reply_markup=keyboards.consent(i18n))


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
    cb(on_create, VoiceCb.filter(F.action == VoiceAction.CREATE), flags=THROTTLE)
    consent = VoiceCb.filter(F.action == VoiceAction.CONSENT)
    cb(on_consent, VoiceStudio.confirming_consent, consent)
    msg(on_use_buttons, VoiceStudio.confirming_consent, not_command)
    msg(on_name, VoiceStudio.entering_name, F.text, not_command, flags=THROTTLE)
    msg(on_name_not_text, VoiceStudio.entering_name, not_command, flags=THROTTLE)
    cb(on_discard, VoiceCb.filter(F.action == VoiceAction.DISCARD), flags=THROTTLE)
    return router
