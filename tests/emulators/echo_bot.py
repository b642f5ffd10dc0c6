"""A tiny aiogram echo bot used by the emulator tests (text, keyboard, callback, voice, video)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from aiogram import Bot, Dispatcher, F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

CLIP = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 2000


def menu_markup() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="Approve", callback_data="approve")
    builder.button(text="Redo", callback_data="redo")
    markup = builder.adjust(2).as_markup()
    assert isinstance(markup, InlineKeyboardMarkup)
    return markup


def echo_router() -> Router:
    router = Router(name="echo")

    @router.message(Command("menu"))
    async def menu(message: Message) -> None:
        await message.answer("Preview ready", reply_markup=menu_markup())

    @router.message(Command("video"))
    async def video(message: Message) -> None:
        clip = BufferedInputFile(CLIP, "preview.mp4")
        await message.answer_video(clip, caption="Your short", width=1080, height=1920)

    @router.callback_query(F.data == "approve")
    async def approve(query: CallbackQuery) -> None:
        if isinstance(query.message, Message):
            await query.message.edit_text("Approved ✅")
        await query.answer("Published!", show_alert=True)

    @router.message(F.voice)
    async def voice(message: Message, bot: Bot) -> None:
        assert message.voice is not None
        data = await bot.download(message.voice)
        assert data is not None
        await message.answer(f"voice: {len(data.read())} bytes")

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    return router


def make_dispatcher() -> Dispatcher:
    dispatcher = Dispatcher()
    dispatcher.include_router(echo_router())
    return dispatcher


@contextlib.asynccontextmanager
async def polling(dispatcher: Dispatcher, bot: Bot) -> AsyncIterator[None]:
    task = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False)
    )
    try:
        yield
    finally:
        await dispatcher.stop_polling()
        await task
