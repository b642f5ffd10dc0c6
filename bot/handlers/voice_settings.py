"""Voice Studio, one voice: test it on a phrase, adjust its settings, make it the default,
delete it (with its samples)."""

from aiogram import Bot, F, Router
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, FSInputFile, Message
from aiogram.utils.chat_action import ChatActionSender
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import VoiceAction, VoiceCb
from bot.keyboards import Choice
from bot.keyboards import voice as keyboards
from bot.keyboards.menu import back_to_menu
from bot.replies import show
from bot.states import VoiceStudio
from bot.voice_match import with_match_line
from core.errors import InvalidInput
from db.models import User, Voice, VoiceEngine
from pipeline.voices.cloud import VoiceCloud
from pipeline.wallet import Wallets
from services import voice_studio
from storage.disk import Storage

THROTTLE = {"throttling_key": "voice"}


def card_text(i18n: I18nContext, voice: Voice) -> str:
    params = voice.params
    cloned = voice.engine is VoiceEngine.ELEVENLABS  # a clone has no pitch setting
    text = i18n.get(
        "cloning-card" if cloned else "voice-card",
        name=html.quote(voice.name),
        default=i18n.get("yes" if voice.is_default else "no"),
        speed=f"{float(params.get('speed', 1.0)):.2f}",
        pitch=f"{float(params.get('pitch', 0.0)):+.2f}",
        stability=f"{float(params.get('stability', 0.5)):.2f}",
        similarity=f"{float(params.get('similarity', 0.75)):.2f}",
    )
    return with_match_line(i18n, voice, text)


async def on_open(
    query: CallbackQuery,
    callback_data: VoiceCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    voice = await voice_studio.get_voice(session, user.id, callback_data.voice_id)
    markup = keyboards.voice_card(i18n, voice.id, is_default=voice.is_default)
    await show(query, card_text(i18n, voice), markup)


async def on_list(
    query: CallbackQuery, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    voices = await voice_studio.list_voices(session, user.id)
    default = next((v.id for v in voices if v.is_default), None)
    markup = keyboards.studio(i18n, [Choice(v.id, v.name) for v in voices], default)
    await show(query, i18n.get("voice-studio" if voices else "voice-studio-empty"), markup)


async def on_settings(
    query: CallbackQuery,
    callback_data: VoiceCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    voice = await voice_studio.get_voice(session, user.id, callback_data.voice_id)
    await show(query, card_text(i18n, voice), keyboards.voice_settings(i18n, voice.id))


async def on_adjust(
    query: CallbackQuery,
    callback_data: VoiceCb,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    voice_cloud: VoiceCloud | None,
) -> None:
    """One step of a setting; out of range (or a tampered step) is refused with an alert."""
    if abs(callback_data.delta) != keyboards.STEP:
        raise InvalidInput(what="step", reason="not offered")
    voice = await voice_studio.get_voice(session, user.id, callback_data.voice_id)
    setting = callback_data.setting.value
    value = round(float(voice.params.get(setting, 0.0)) + callback_data.delta / 100, 2)
    voice = await voice_studio.update_voice_settings(
        session, user.id, voice.id, cloud=voice_cloud, **{setting: value}
    )
    await show(query, card_text(i18n, voice), keyboards.voice_settings(i18n, voice.id))


async def on_default(
    query: CallbackQuery,
    callback_data: VoiceCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    voice = await voice_studio.set_default_voice(session, user.id, callback_data.voice_id)
    await show(
        query, card_text(i18n, voice), keyboards.voice_card(i18n, voice.id, is_default=True)
    )


async def on_delete(
    query: CallbackQuery,
    callback_data: VoiceCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    voice = await voice_studio.get_voice(session, user.id, callback_data.voice_id)
    text = i18n.get("voice-delete-confirm", name=html.quote(voice.name))
    await show(query, text, keyboards.confirm_delete(i18n, voice.id))


async def on_confirm_delete(
    query: CallbackQuery,
    callback_data: VoiceCb,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
    voice_cloud: VoiceCloud | None,
) -> None:
    """A clone goes at ElevenLabs first; if that fails, nothing is deleted (an alert says why)."""
    voice = await voice_studio.delete_voice(
        session, file_storage, user.id, callback_data.voice_id, cloud=voice_cloud
    )
    await on_list(query, i18n, session, user)
    if voice.engine is VoiceEngine.ELEVENLABS and isinstance(query.message, Message):
        await query.message.answer(i18n.get("cloning-deleted", name=html.quote(voice.name)))


async def on_test(
    query: CallbackQuery,
    callback_data: VoiceCb,
    *,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    voice = await voice_studio.get_voice(session, user.id, callback_data.voice_id)
    await state.set_state(VoiceStudio.entering_test_phrase)
    await state.update_data(voice_id=voice.id)
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("voice-ask-phrase"), reply_markup=back_to_menu(i18n))


async def on_test_phrase(
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
    data = await state.get_data()
    async with ChatActionSender.record_voice(bot=bot, chat_id=message.chat.id):
        note = await voice_studio.speak_test(
            session,
            file_storage,
            user.id,
            data["voice_id"],
            message.text or "",
            cloud=voice_cloud,
            wallet=wallets.of(user),  # a clone's test is paid: the ceiling, then the ledger
        )
    await state.clear()
    voice = await voice_studio.get_voice(session, user.id, data["voice_id"])
    markup = keyboards.voice_card(i18n, voice.id, is_default=voice.is_default)
    await message.answer_voice(
        FSInputFile(note), caption=i18n.get("voice-test-caption"), reply_markup=markup
    )


async def on_phrase_not_text(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("voice-ask-phrase"), reply_markup=back_to_menu(i18n))


def create_router() -> Router:
    router = Router(name=__name__)
    cb = router.callback_query.register

    def action(name: VoiceAction) -> CallbackQueryFilter:
        return VoiceCb.filter(F.action == name)

    cb(on_open, action(VoiceAction.OPEN), flags=THROTTLE)
    cb(on_list, action(VoiceAction.LIST), flags=THROTTLE)
    cb(on_settings, action(VoiceAction.SETTINGS), flags=THROTTLE)
    cb(on_adjust, action(VoiceAction.ADJUST), flags=THROTTLE)
    cb(on_default, action(VoiceAction.DEFAULT), flags=THROTTLE)
    cb(on_delete, action(VoiceAction.DELETE), flags=THROTTLE)
    cb(on_confirm_delete, action(VoiceAction.CONFIRM_DELETE), flags=THROTTLE)
    cb(on_test, action(VoiceAction.TEST), flags=THROTTLE)
    not_command = ~F.text.startswith("/")
    phrase = VoiceStudio.entering_test_phrase
    router.message.register(on_test_phrase, phrase, F.text, not_command, flags=THROTTLE)
    router.message.register(on_phrase_not_text, phrase, not_command, flags=THROTTLE)
    return router
