"""Character Studio, variations: the menu of emotions and poses on offer, making them (a
job: it sends them with their face match), deleting one."""

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import VariationAction, VariationCb
from bot.replies import show
from bot.variations_card import variations_menu
from core.ports import JobQueue
from core.settings import Settings
from db.models import User
from pipeline.imagegen.stage import fal_ready
from pipeline.wallet import Wallets
from services import character_studio, character_variations, variation_jobs
from storage.disk import Storage

THROTTLE = {"throttling_key": "character"}


async def _menu(
    i18n: I18nContext, session: AsyncSession, user: User, settings: Settings, character_id: int
) -> tuple[str, InlineKeyboardMarkup]:
    character = await character_studio.get_character(session, user.id, character_id)
    found = await character_variations.list_variations(session, user.id, character.id)
    offered = character_variations.variation_kinds(settings.providers)
    return variations_menu(
        i18n, character, found, fal=fal_ready(settings.providers), offered=offered
    )


async def on_menu(
    query: CallbackQuery,
    callback_data: VariationCb,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    settings: Settings,
) -> None:
    await show(query, *await _menu(i18n, session, user, settings, callback_data.character_id))


async def on_make(
    query: CallbackQuery,
    callback_data: VariationCb,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    settings: Settings,
    queue: JobQueue,
    wallets: Wallets,
) -> None:
    """Queue one kind, or every kind on offer not made yet, and answer at once: the job
    sends the pictures (each fal picture paid through the user's wallet) and the menu."""
    character_id = callback_data.character_id
    character = await character_studio.get_character(session, user.id, character_id)
    if not isinstance(query.message, Message):
        return
    everything = callback_data.action == VariationAction.ALL
    offered = character_variations.variation_kinds(settings.providers)
    kinds = offered if everything else (callback_data.kind,)
    queued = await variation_jobs.request_variations(
        session, settings.providers, user.id, character.id, kinds=kinds, queue=queue,
        wallet=wallets.of(user),
    )  # fmt: skip
    key = "variations-working" if queued else "variations-already-working"
    await query.message.answer(i18n.get(key, name=html.quote(character.name)))


async def on_delete(
    query: CallbackQuery,
    callback_data: VariationCb,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    settings: Settings,
    file_storage: Storage,
) -> None:
    character_id = await character_variations.delete_variation(
        session, file_storage, user.id, callback_data.variation_id
    )
    await show(query, *await _menu(i18n, session, user, settings, character_id))


def create_router() -> Router:
    router = Router(name=__name__)
    cb = router.callback_query.register
    cb(on_menu, VariationCb.filter(F.action == VariationAction.MENU), flags=THROTTLE)
    making = VariationCb.filter(F.action.in_({VariationAction.MAKE, VariationAction.ALL}))
    cb(on_make, making, flags=THROTTLE)
    cb(on_delete, VariationCb.filter(F.action == VariationAction.DELETE), flags=THROTTLE)
    return router
