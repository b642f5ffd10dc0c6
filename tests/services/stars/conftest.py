"""Stars payments against the Telegram emulator: its ledger holds the charges, and refunds
go through the bot's real `BotStarRefunds` on an aiogram Bot."""

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot

from bot.payments_refunds import BotStarRefunds
from tests.emulators.telegram import TelegramEmulator


@pytest.fixture
async def emulator() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as emu:
        yield emu
        emu.assert_no_internal_errors()


@pytest.fixture
async def bot(emulator: TelegramEmulator) -> AsyncIterator[Bot]:
    async with emulator.create_bot() as real_bot:
        yield real_bot


@pytest.fixture
def refunds(bot: Bot) -> BotStarRefunds:
    return BotStarRefunds(bot)
