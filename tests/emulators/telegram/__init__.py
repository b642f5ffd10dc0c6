"""Telegram Bot API emulator: a real HTTP server for aiogram plus user simulation.

Start it with `async with TelegramEmulator() as emulator`, point a real aiogram `Bot` at
`emulator.base_url` (`emulator.create_bot()`), act as users (`emulator.user_sends_text`,
`BotClient`) and assert on `emulator.sent(...)`, `emulator.messages(...)`.
"""

from .client import BotClient
from .emulator import DEFAULT_TOKEN, TelegramEmulator
from .errors import ApiError
from .faults import Fault, FaultInjector
from .files import StoredFile
from .models import EmuChat, EmuUser, StoredMessage
from .records import CallbackRecord, Event, RecordedRequest, RecordedUpload

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "BotClient",
    "CallbackRecord",
    "EmuChat",
    "EmuUser",
    "Event",
    "Fault",
    "FaultInjector",
    "RecordedRequest",
    "RecordedUpload",
    "StoredFile",
    "StoredMessage",
    "TelegramEmulator",
]
