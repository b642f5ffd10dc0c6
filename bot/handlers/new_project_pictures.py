"""New Short summary (the confirmation step) and, when fal.ai makes the pictures, its toggle
between AI pictures and free offline art, kept in the conversation as `images`; its caption
picker is `new_project_captions`. The toggle and the picker serve a batch's summary too
(`back_to_summary`)."""

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.batch_summary import show_batch_summary
from bot.callbacks import NewAction, NewShortCb
from bot.caption_choice import shown
from bot.keyboards import new_short
from bot.keyboards.captions import summary_text
from bot.pictures import images_choice
from bot.states import NewShort
from core.settings import Settings
from db.models import User

THROTTLE = {"throttling_key": "new_short"}


def _summary(i18n: I18nContext, data: dict[str, Any]) -> str:
    """The choices so far; voices and characters by the names listed at the cast step."""
    voices = {int(i): str(name) for i, name in data["voices"]} | {0: i18n.get("voice-stock")}
    cast = {int(i): str(name) for i, name in data["characters"]}
    cast[0] = i18n.get("character-none")
    choice, counter = shown(data)
    voice = html.quote(voices.get(data["voice_id"], "?"))
    if data.get("voiceover"):
        voice = i18n.get("voiceover-summary", seconds=round(float(data["voiceover_s"])))
    return i18n.get(
        "new-summary",
        topic=html.quote(data["topic"]),
        duration=data["duration"],
        style=i18n.get(f"style-{data['style']}"),
        tone=i18n.get(f"tone-{data['tone']}"),
        voice=voice,
        character=html.quote(cast.get(data["character_id"], "?")),
        captions=summary_text(i18n, choice, counter=counter),
    )


async def show_summary(
    query: CallbackQuery,
    data: dict[str, Any],
    i18n: I18nContext,
    *,
    ai_pictures: bool,
    settings: Settings,
) -> None:
    """The summary with Create / Back, the pictures toggle when fal.ai is usable, and the
    button that opens the caption picker."""
    offline_art = images_choice(data, ai_pictures) == "offline" if ai_pictures else None
    markup = new_short.confirm(
        i18n,
        look=shown(data)[0].look,
        offline_art=offline_art,
        price=settings.providers.fal.price_per_image,
    )
    if isinstance(query.message, Message):
        await query.message.edit_text(_summary(i18n, data), reply_markup=markup)


async def on_pictures(
    query: CallbackQuery,
    *,
    state: FSMContext,
    i18n: I18nContext,
    ai_pictures: bool,
    settings: Settings,
    session: AsyncSession,
    user: User,
) -> None:
    """Flip between AI pictures and offline art, then show the summary again."""
    if not ai_pictures:
        return  # no toggle was offered: a stale or tampered button
    data = await state.get_data()
    flipped = "auto" if images_choice(data, ai_pictures) == "offline" else "offline"
    data = await state.update_data(images=flipped)
    await back_to_summary(
        query, data, i18n, session=session, user=user, settings=settings, ai_pictures=ai_pictures
    )


async def back_to_summary(
    query: CallbackQuery,
    data: dict[str, Any],
    i18n: I18nContext,
    *,
    session: AsyncSession,
    user: User,
    settings: Settings,
    ai_pictures: bool,
) -> None:
    """The conversation's summary again: the batch's when it holds a batch's topics."""
    if data.get("batch"):
        await show_batch_summary(
            query, data, i18n, session=session, user=user, settings=settings,
            ai_pictures=ai_pictures,
        )  # fmt: skip
        return
    await show_summary(query, data, i18n, ai_pictures=ai_pictures, settings=settings)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        on_pictures,
        NewShort.confirming,
        NewShortCb.filter(F.action == NewAction.PICTURES),
        flags=THROTTLE,
    )
    return router
