"""How the bot answers: a screen shown in place of the pressed one, and a Short's files (the
video, the SRT as a document, the thumbnail, texts to paste)."""

from aiogram import Bot
from aiogram.types import CallbackQuery, FSInputFile, InlineKeyboardMarkup, Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext

from pipeline.review import Deliverables

CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096


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
    tags = " ".join(files.hashtags)
    return i18n.get(
        "deliver-texts",
        title=html.pre(html.quote(files.title)),
        description=html.pre(html.quote(files.description)),
        hashtags=html.pre(html.quote(tags)),
    )[:TEXT_LIMIT]


async def send_video(
    bot: Bot,
    chat_id: int,
    files: Deliverables,
    caption: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    if files.video is None:
        return
    await bot.send_video(
        chat_id,
        FSInputFile(files.video, filename=f"short-{files.project_id}.mp4"),
        caption=caption[:CAPTION_LIMIT],
        supports_streaming=True,
        reply_markup=markup,
    )


async def send_deliverables(
    bot: Bot, chat_id: int, i18n: I18nContext, files: Deliverables, *, with_script: bool
) -> None:
    """Every final file, then the texts (and the script, for My Shorts)."""
    await send_video(bot, chat_id, files, html.quote(files.title))
    if files.srt is not None:
        srt = FSInputFile(files.srt, filename=f"short-{files.project_id}.srt")
        await bot.send_document(chat_id, srt, caption=i18n.get("deliver-srt"))
    if files.thumbnail is not None:
        thumbnail = FSInputFile(files.thumbnail, filename=f"short-{files.project_id}.png")
        await bot.send_photo(chat_id, thumbnail, caption=i18n.get("deliver-thumbnail"))
    await bot.send_message(chat_id, paste_text(i18n, files))
    if with_script and files.script_text:
        script = i18n.get("deliver-script", script=html.quote(files.script_text))
        await bot.send_message(chat_id, script[:TEXT_LIMIT])
