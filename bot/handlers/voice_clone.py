"""Voice Studio, creating: consent, a name, then the voice (a clone or a stock-voice match)."""

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.chat_action import ChatActionSender
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import VoiceAction, VoiceCb
from bot.handlers.voice_samples import draft_text
from bot.keyboards import voice as keyboards
from bot.keyboards.menu import back_to_menu
from bot.states import VoiceStudio
from bot.voice_match import with_match_line
from db.models import User, VoiceEngine
from pipeline.voices.cloud import VoiceCloud
from pipeline.wallet import Wallets
from services import voice_drafts, voice_studio
from storage.disk import Storage

THROTTLE = {"throttling_key": "voice"}


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
    progress = await voice_drafts.get_draft_progress(session, user.id, cloud=voice_cloud)
    if not isinstance(query.message, Message):
        return
    if not progress.ready:
        await query.message.answer(await draft_text(i18n, session, user, voice_cloud))
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
    wallets: Wallets,
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
            wallet=wallets.of(user),
        )
    await state.clear()
    cloned = voice.engine is VoiceEngine.ELEVENLABS
    text = i18n.get("cloning-created" if cloned else "voice-created", name=html.quote(voice.name))
    text = with_match_line(i18n, voice, text)
    await message.answer(
        text, reply_markup=keyboards.voice_card(i18n, voice.id, is_default=voice.is_default)
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
    cb(on_create, VoiceCb.filter(F.action == VoiceAction.CREATE), flags=THROTTLE)
    consent = VoiceCb.filter(F.action == VoiceAction.CONSENT)
    cb(on_consent, VoiceStudio.confirming_consent, consent)
    msg(on_use_buttons, VoiceStudio.confirming_consent, not_command)
    msg(on_name, VoiceStudio.entering_name, F.text, not_command, flags=THROTTLE)
    msg(on_name_not_text, VoiceStudio.entering_name, not_command, flags=THROTTLE)
    return router
