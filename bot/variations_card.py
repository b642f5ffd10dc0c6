"""Character variations in the chat, shared by the handlers and the notifier (which sends a
job's result): the menu with the variations made, and the new pictures with their face match."""

from collections.abc import Sequence

from aiogram import Bot
from aiogram.types import FSInputFile, InlineKeyboardMarkup, InputMediaPhoto
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext

from bot.keyboards import variations as keyboards
from db.models import Character, CharacterVariation, VariationKind
from storage.disk import Storage

ALBUM_MAX = 10  # Telegram's limit for one media group


def percent(score: float | None) -> str:
    return "—" if score is None else f"{round(score * 100)}"


def variations_line(i18n: I18nContext, found: Sequence[CharacterVariation], key: str) -> str:
    """The made variations with their face match, one line ("" when there are none)."""
    items = [f"{i18n.get(f'variation-{v.kind}')} {percent(v.similarity)} %" for v in found]
    return i18n.get(key, list=", ".join(items)) if items else ""


def variations_menu(
    i18n: I18nContext,
    character: Character,
    found: Sequence[CharacterVariation],
    *,
    fal: bool,
    offered: Sequence[VariationKind],
) -> tuple[str, InlineKeyboardMarkup]:
    """The menu's text (what is made) and its buttons (what is offered, what to delete)."""
    mode = "fal" if fal else "offline"
    text = i18n.get(f"variations-menu-{mode}", name=html.quote(character.name))
    made = variations_line(i18n, found, "variations-made") or i18n.get("variations-none")
    markup = keyboards.menu(i18n, character.id, offered, [(v.id, v.kind) for v in found])
    return f"{text}\n\n{made}", markup


async def send_variations(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    *,
    storage: Storage,
    made: Sequence[CharacterVariation],
    refused: Sequence[tuple[str, float | None]],
    name: str,
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
        for v in made
    ]
    if len(photos) == 1:
        await bot.send_photo(chat_id, photos[0].media, caption=photos[0].caption)
    elif photos:
        for start in range(0, len(photos), ALBUM_MAX):
            await bot.send_media_group(chat_id, list(photos[start : start + ALBUM_MAX]))
    for kind, score in refused:
        kind_text = i18n.get(f"variation-{kind}")
        await bot.send_message(
            chat_id,
            i18n.get("variation-refused", kind=kind_text, name=name, score=percent(score)),
        )
