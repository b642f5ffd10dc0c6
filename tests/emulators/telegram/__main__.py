"""`python -m tests.emulators.telegram --port 8081`: run the emulator until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from . import events as ev
from .emulator import DEFAULT_TOKEN, TelegramEmulator


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.emulators.telegram", description="Telegram Bot API emulator"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="the only accepted bot token")
    parser.add_argument("--quiet", action="store_true", help="do not print each API call")
    return parser.parse_args(argv)


async def print_requests(emulator: TelegramEmulator) -> None:
    """Prints one line per Bot API call as it is recorded."""
    seen = 0
    log = emulator.events

    def changed() -> bool:
        return log.last_seq > seen or log.notifier.closed

    while not log.notifier.closed:
        await log.notifier.wait_for(changed, 3600)
        for event in log.since(seen, kinds=frozenset({ev.REQUEST})):
            record = emulator.state.requests[int(event.data["seq"]) - 1]
            chat = f" chat={record.chat_id}" if record.chat_id is not None else ""
            note = "" if record.ok else f" {record.description}"
            print(f"{record.method}{chat} -> {record.status}{note}", flush=True)
        seen = log.last_seq


async def serve(args: argparse.Namespace) -> None:
    emulator = TelegramEmulator(args.token)
    url = await emulator.start(args.host, args.port)
    print(
        f"Telegram emulator at {url} (token {args.token})\n"
        f"  aiogram: AiohttpSession(api=TelegramAPIServer.from_base({url!r}))\n"
        f"  chat:    python -m tests.emulators.telegram.chat --url {url}",
        flush=True,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    printer = None if args.quiet else asyncio.create_task(print_requests(emulator))
    try:
        await stop.wait()
    finally:
        await emulator.stop()
        if printer is not None:
            printer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await printer


def main(argv: list[str] | None = None) -> None:
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
