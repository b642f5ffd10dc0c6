"""TelegramEmulator: an in-process Telegram Bot API server for tests and manual runs."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from aiohttp import web

from .channel_actions import ChannelActions
from .control import ControlApi
from .events import EventLog
from .faults import Fault, FaultInjector
from .files import FileStore
from .flood import FloodControl
from .media_actions import MediaActions
from .models import EmuUser
from .payment_actions import PaymentActions
from .queries import Queries
from .server import ApiServer
from .state import EmulatorState
from .webhook import WebhookSender

if TYPE_CHECKING:  # aiogram is imported lazily: the standalone server and chat do not need it
    from aiogram import Bot
    from aiogram.client.telegram import TelegramAPIServer

DEFAULT_TOKEN = "123456:TEST"  # noqa: S105 - a well-known fake token
TOKEN_RE = re.compile(r"^\d+:\S+$")


class TelegramEmulator(MediaActions, ChannelActions, PaymentActions, Queries):
    """Bot API server + the users, chats and files around the bot under test.

    >>> async with TelegramEmulator() as emulator:
    ...     bot = emulator.create_bot()  # close its session (or use `async with bot`)
    ...     user = emulator.add_user(1001, "Alice", language_code="ru")
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_name: str = "Shorts Factory Test Bot",
        bot_username: str = "shorts_factory_test_bot",
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not TOKEN_RE.match(token):
            raise ValueError(f"token must look like '<digits>:<secret>', got {token!r}")
        self.state = EmulatorState(
            token, bot_name=bot_name, bot_username=bot_username, clock=clock
        )
        self.server = ApiServer(self.state)
        self.control = ControlApi(self, self.server.app)
        self.webhooks = WebhookSender(self.state)
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def bot_user(self) -> EmuUser:
        return self.state.bot

    @property
    def faults(self) -> FaultInjector:
        return self.state.faults

    @property
    def flood(self) -> FloodControl:
        """Opt-in per-chat/overall rate limits answering 429 (off by default)."""
        return self.state.flood

    @property
    def files(self) -> FileStore:
        return self.state.files

    @property
    def events(self) -> EventLog:
        return self.state.events

    @property
    def callback_timeout(self) -> float:
        """Seconds after a press when answerCallbackQuery fails with "query is too old"."""
        return self.state.callback_timeout

    @callback_timeout.setter
    def callback_timeout(self, seconds: float) -> None:
        self.state.callback_timeout = seconds

    def inject(
        self, method: str, status: int, body: dict[str, Any] | str, times: int = 1
    ) -> Fault:
        """The next `times` calls of `method` get this raw answer (see `faults` for more)."""
        return self.state.faults.inject(method, status, body, times=times)

    async def wait_until_polling(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Returns once a getUpdates long poll is waiting (e.g. after `dp.start_polling`)."""
        updates = self.state.updates
        if not await updates.notifier.wait_for(lambda: updates.polling > 0, timeout):
            raise TimeoutError(f"nobody called getUpdates within {timeout}s")

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Starts serving; returns the base URL for `TelegramAPIServer.from_base`."""
        if self._runner is not None:
            raise RuntimeError("emulator already started")
        runner = web.AppRunner(self.server.app, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        bound_host, bound_port = runner.addresses[0][:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        self.base_url = f"http://{shown}:{bound_port}"
        self.webhooks.start()
        return self.base_url

    async def stop(self) -> None:
        """Wakes long polls and hung faults, stops webhook delivery and the server."""
        if self._runner is None:
            return
        self.state.closing = True
        self.server.stopping.set()
        self.state.updates.close()
        self.state.events.notifier.close()
        await self.webhooks.stop()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def api_server(self) -> TelegramAPIServer:
        from aiogram.client.telegram import TelegramAPIServer  # noqa: PLC0415

        if not self.base_url:
            raise RuntimeError("start the emulator first")
        return TelegramAPIServer.from_base(self.base_url)

    def create_bot(self, token: str | None = None, **kwargs: Any) -> Bot:
        """A real aiogram Bot pointed at this emulator. The caller closes `bot.session`."""
        from aiogram import Bot  # noqa: PLC0415
        from aiogram.client.session.aiohttp import AiohttpSession  # noqa: PLC0415

        session = AiohttpSession(api=self.api_server())
        return Bot(token=token or self.token, session=session, **kwargs)
