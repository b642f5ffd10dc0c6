"""New Short, "my own voiceover": from the voice step, the user sends a recording that
narrates the Short instead of a voice. A refused file leaves the conversation where it was."""

from pathlib import Path
from tempfile import TemporaryDirectory

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.chat_action import ChatActionSender
from aiogram_i18n import I18nContext

from bot.callbacks import NewAction, NewShortCb
from bot.files import AUDIO_SUFFIXES, DOWNLOAD_LIMIT, MB, download, download_name
from bot.handlers.new_project_cast import cast_markup
from bot.keyboards import new_short
from bot.states import NewShort
from db.models import User
from pipeline.stages.voiceover_audio import MAX_SECONDS, keep_voiceover_upload
from storage.disk import Storage

THROTTLE = {"throttling_key": "new_short"}
UPLOAD = {"throttling_key": "upload"}


async def on_voiceover(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.set_state(NewShort.sending_voiceover)
    if isinstance(query.message, Message):
        text = i18n.get(
            "voiceover-ask", limit_min=round(MAX_SECONDS / 60), limit_mb=DOWNLOAD_LIMIT // MB
        )
        await query.message.edit_text(text, reply_markup=new_short.voiceover_back(i18n))


async def on_voiceover_file(
    message: Message,
    *,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    user: User,
    file_storage: Storage,
) -> None:
    """A voice note, audio file or document: checked, kept, then back to the cast."""
    media = message.voice or message.audio or message.document
    if media is None:
        return
    name = getattr(media, "file_name", None) or "voiceover.ogg"
    async with ChatActionSender.typing(bot=bot, chat_id=message.chat.id):
        with TemporaryDirectory(prefix="voiceover-") as folder:
            target = Path(folder) / download_name(name, AUDIO_SUFFIXES, ".ogg")
            path = await download(bot, media.file_id, media.file_size, target)
            upload = await keep_voiceover_upload(file_storage, user.id, path, name=name)
    data = await state.update_data(voiceover=upload.relpath, voiceover_s=upload.seconds)
    await state.set_state(NewShort.choosing_cast)
    text = i18n.get("voiceover-received", seconds=round(upload.seconds))
    await message.answer(text, reply_markup=cast_markup(i18n, data))


async def on_not_voiceover(message: Message, i18n: I18nContext) -> None:
    await message.answer(
        i18n.get("voiceover-send-audio"), reply_markup=new_short.voiceover_back(i18n)
    )


async def on_back_to_cast(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.set_state(NewShort.choosing_cast)
    if isinstance(query.message, Message):
        markup = cast_markup(i18n, await state.get_data())
        await query.message.edit_text(i18n.get("new-ask-cast"), reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    msg, cb = router.message.register, router.callback_query.register
    choosing = NewShort.choosing_cast
    cb(on_voiceover, choosing, NewShortCb.filter(F.action == NewAction.VOICEOVER), flags=THROTTLE)
    sending = NewShort.sending_voiceover
    cb(on_back_to_cast, sending, NewShortCb.filter(F.action == NewAction.BACK), flags=THROTTLE)
    msg(on_voiceover_file, sending, F.voice | F.audio | F.document, flags=UPLOAD)
    msg(on_not_voiceover, sending, ~F.text.startswith("/"), flags=THROTTLE)
    return router
