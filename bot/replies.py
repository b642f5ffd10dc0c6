"""How the bot answers: a screen shown in place of the pressed one, and a Short's files (the
video, the SRT as a document, the thumbnail, texts to paste) as parcels.

Every parcel's text is fitted to Telegram's limits when the parcels are made, before the
first is sent: nothing can be refused for its length halfway through a delivery.
"""

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery, FSInputFile, InlineKeyboardMarkup, Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext

from bot.text_limits import CAPTION_LIMIT, TEXT_LIMIT, fit_html, pages_html
from services.schemas import Deliverables

Send = Callable[[Bot, int], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Parcel:
    """One message of a delivery, ready to send; `name` says which, for skipping what an
    earlier (failed) delivery already sent."""

    name: str
    send: Send


async def show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the pressed message in place, or send a new one when it is media (a photo or a
    voice note has a caption, not a text)."""
    message = query.message
    if not isinstance(message, Message):
        return
    if message.text is None:
        await message.answer(text, reply_markup=markup)
    else:
        await message.edit_text(text, reply_markup=markup)


def paste_text(i18n: I18nContext, files: Deliverables) -> str:
    """Title, description and hashtags, each in a code block for one-tap copying."""

    def render(title: str, description: str, hashtags: str) -> str:
        return i18n.get(
            "deliver-texts",
            title=html.pre(title),
            description=html.pre(description),
            hashtags=html.pre(hashtags),
        )

    tags = " ".join(files.hashtags)
    return fit_html(
        render, TEXT_LIMIT, title=files.title, description=files.description, hashtags=tags
    )


def title_caption(title: str) -> str:
    """The final video's caption: its title."""
    return fit_html(lambda title: title, CAPTION_LIMIT, title=title)


async def send_video(
    bot: Bot,
    chat_id: int,
    files: Deliverables,
    caption: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """The Short's video; `caption` is HTML already within CAPTION_LIMIT (`fit_html`)."""
    if files.video is None:
        return
    await bot.send_video(
        chat_id,
        FSInputFile(files.video, filename=f"short-{files.project_id}.mp4"),
        caption=caption,
        supports_streaming=True,
        reply_markup=markup,
    )


def _text(text: str) -> Send:
    return lambda bot, chat_id: bot.send_message(chat_id, text)


def _document(path: Path, name: str, caption: str) -> Send:
    return lambda bot, chat_id: bot.send_document(
        chat_id, FSInputFile(path, filename=name), caption=caption
    )


def _photo(path: Path, name: str, caption: str) -> Send:
    return lambda bot, chat_id: bot.send_photo(
        chat_id, FSInputFile(path, filename=name), caption=caption
    )


def deliverable_parcels(
    i18n: I18nContext, files: Deliverables, *, with_script: bool, notice: str | None = None
) -> list[Parcel]:
    """Every final file, then the texts (and the script, for My Shorts), `notice` first."""
    stem = f"short-{files.project_id}"
    parcels = [Parcel("notice", _text(notice))] if notice else []
    if files.video is not None:
        caption = title_caption(files.title)
        parcels.append(Parcel("video", lambda bot, chat: send_video(bot, chat, files, caption)))
    if files.srt is not None:
        srt = _document(files.srt, f"{stem}.srt", i18n.get("deliver-srt"))
        parcels.append(Parcel("srt", srt))
    if files.thumbnail is not None:
        thumbnail = _photo(files.thumbnail, f"{stem}.png", i18n.get("deliver-thumbnail"))
        parcels.append(Parcel("thumbnail", thumbnail))
    parcels.append(Parcel("texts", _text(paste_text(i18n, files))))
    if with_script and files.script_text:
        pages = pages_html(
            lambda script: i18n.get("deliver-script", script=script),
            TEXT_LIMIT,
            "script",
            files.script_text,
        )
        parcels += [Parcel(f"script-{n}", _text(page)) for n, page in enumerate(pages)]
    return parcels


async def send_parcels(
    bot: Bot,
    chat_id: int,
    parcels: list[Parcel],
    *,
    skip: Collection[str] = (),
    on_sent: Callable[[str], Awaitable[None]] | None = None,
) -> None:
    """Send the parcels in order, but those named in `skip`; `on_sent` records each one."""
    for parcel in parcels:
        if parcel.name in skip:
            continue
        await parcel.send(bot, chat_id)
        if on_sent is not None:
            await on_sent(parcel.name)


async def send_deliverables(
    bot: Bot, chat_id: int, i18n: I18nContext, files: Deliverables, *, with_script: bool
) -> None:
    """Every final file, then the texts (and the script, for My Shorts)."""
    await send_parcels(bot, chat_id, deliverable_parcels(i18n, files, with_script=with_script))
