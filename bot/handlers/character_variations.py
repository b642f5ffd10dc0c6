"""Character Studio, variations: the menu of emotions and poses on offer, making them (sent
with their face match), deleting one."""

from collections.abc import Sequence

from aiogram import Bot, F, Router
from aiogram.types import (
    CallbackQuery,
    FSInputFile,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
)
from aiogram.utils.chat_action import ChatActionSender
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import VariationAction, VariationCb
from bot.keyboards import variations as keyboards
from bot.replies import show
from core.settings import Settings
from db.models import CharacterVariation, User
from pipeline.imagegen.stage import fal_ready
from pipeline.wallet import Wallets
from services import character_studio, character_variations
from services.character_variations import VariationRun
from storage.disk import Storage

THROTTLE = {"throttling_key": "character"}
ALBUM_MAX = 10  # Telegram's limit for one media group


def percent(score: float | None) -> str:
    return "—" if score is None else f"{round(score * 100)}"


def variations_line(i18n: I18nContext, found: Sequence[CharacterVariation], key: str) -> str:
    """The made variations with their face match, one line ("" when there are none)."""
    items = [f"{i18n.get(f'variation-{v.kind}')} {percent(v.similarity)} %" for v in found]
    return i18n.get(key, list=", ".join(items)) if items else ""


async def _menu(
    i18n: I18nContext, session: AsyncSession, user: User, settings: Settings, character_id: int
) -> tuple[str, InlineKeyboardMarkup]:
    character = await character_studio.get_character(session, user.id, character_id)
    found = await character_variations.list_variations(session, user.id, character.id)
    mode = "fal" if fal_ready(settings.providers) else "offline"
    text = i18n.get(f"variations-menu-{mode}", name=html.quote(character.name))
    made = variations_line(i18n, found, "variations-made") or i18n.get("variations-none")
    offered = character_variations.variation_kinds(settings.providers)
    markup = keyboards.menu(i18n, character.id, offered, [(v.id, v.kind) for v in found])
    return f"{text}\n\n{made}", markup


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


async def _send(
    message: Message, i18n: I18nContext, storage: Storage, run: VariationRun, name: str
) -> None:
    """The new variations (an album when several) with their face match, then refusals."""
    photos = [
        InputMediaPhoto(
            media=FSInputFile(storage.resolve(v.path)),
            caption=i18n.get(
                "variation-caption",
                kind=i18n.get(f"variation-{v.kind}"),
                score=percent(v.similarity),
            ),
        )
        for v in run.made
    ]
    if len(photos) == 1:
        await message.answer_photo(photos[0].media, caption=photos[0].caption)
    elif photos:
        for start in range(0, len(photos), ALBUM_MAX):
            await message.answer_media_group(list(photos[start : start + ALBUM_MAX]))
    for kind, score in run.refused:
        kind_text = i18n.get(f"variation-{kind}")
        await message.answer(
            i18n.get("variation-refused", kind=kind_text, name=name, score=percent(score))
        )
    if not photos and not run.refused and run.error is None:
        await message.answer(i18n.get("variations-nothing-new"))


async def on_make(
    query: CallbackQuery,
    callback_data: VariationCb,
    *,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    settings: Settings,
    file_storage: Storage,
    wallets: Wallets,
) -> None:
    """Make one kind, or every kind on offer not made yet (each fal picture paid through
    the user's wallet: the daily ceiling, then the ledger); keep what was made even when
    some failed."""
    character_id = callback_data.character_id
    character = await character_studio.get_character(session, user.id, character_id)
    if not isinstance(query.message, Message):
        return
    message, name = query.message, html.quote(character.name)
    everything = callback_data.action == VariationAction.ALL
    offered = character_variations.variation_kinds(settings.providers)
    kinds = offered if everything else (callback_data.kind,)
    await message.answer(i18n.get("variations-working", name=name))
    async with ChatActionSender.upload_photo(chat_id=message.chat.id, bot=bot):
        run = await character_variations.make_variations(
            session,
            file_storage,
            settings.providers,
            user.id,
            character.id,
            kinds=kinds,
            wallet=wallets.of(user),
        )
    await _send(message, i18n, file_storage, run, name)
    text, markup = await _menu(i18n, session, user, settings, character.id)
    await message.answer(text, reply_markup=markup)
    if run.error is not None:
        raise run.error


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
