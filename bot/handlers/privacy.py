"""/delete_my_data: what would go, a confirmation, then everything the user has is deleted
(see `services.privacy`); their conversation state goes too."""

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PrivacyAction, PrivacyCb
from bot.keyboards.privacy import confirm_erase
from bot.replies import show
from core.ports import JobQueue
from db.models import User
from pipeline.voices.cloud import VoiceCloud
from services import privacy
from storage.disk import Storage

THROTTLE = {"throttling_key": "default"}


async def cmd_delete_my_data(
    message: Message, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    """List what would be deleted and ask."""
    found = await privacy.describe_user_data(session, user.id)
    text = i18n.get(
        "privacy-erase-confirm",
        projects=found.projects,
        voices=found.voices,
        characters=found.characters,
    )
    await message.answer(text, reply_markup=confirm_erase(i18n))


async def on_erase(
    query: CallbackQuery,
    *,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
    queue: JobQueue,
    voice_cloud: VoiceCloud | None,
) -> None:
    """Delete everything; a refusal (ElevenLabs down) deletes nothing and says so."""
    gone = await privacy.delete_user_data(session, file_storage, queue, voice_cloud, user.id)
    await state.clear()
    text = i18n.get(
        "privacy-erased", projects=gone.projects, voices=gone.voices, characters=gone.characters
    )
    await show(query, text, None)


async def on_keep(query: CallbackQuery, i18n: I18nContext) -> None:
    await show(query, i18n.get("privacy-kept"), None)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_delete_my_data, Command("delete_my_data"), flags=THROTTLE)
    cb = router.callback_query.register
    cb(on_erase, PrivacyCb.filter(F.action == PrivacyAction.ERASE), flags=THROTTLE)
    cb(on_keep, PrivacyCb.filter(F.action == PrivacyAction.KEEP), flags=THROTTLE)
    return router
