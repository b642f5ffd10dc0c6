"""Terminal chat with the bot through a running emulator (a person acting as a user).

python -m tests.emulators.telegram.chat --url http://127.0.0.1:8081 [--user-id 1001]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import shlex
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp

from .chat_view import format_event

HELP = """\
Type text to send it (commands like /start go to the bot). Client commands:
  /click N | /click TEXT   press the Nth button (or the one labelled TEXT) of the last keyboard
  /photo PATH [caption]    /video PATH    /doc PATH    /gif PATH    /audio PATH
  /voice PATH [seconds]    send a file as a voice message (any of these without PATH
                           goes to the bot as text, e.g. a bot's own /video command)
  /save MESSAGE_ID PATH    save the media of a bot message
  /help    /quit           (start a line with // to send a literal /click etc.)"""
UPLOADS = {
    "/photo": "photo",
    "/video": "video",
    "/doc": "document",
    "/gif": "animation",
    "/audio": "audio",
    "/voice": "voice",
}


class ChatClient:
    def __init__(
        self,
        http: aiohttp.ClientSession,
        url: str,
        *,
        user_id: int = 1001,
        first_name: str = "Alice",
        language_code: str = "en",
        out: Callable[[str], None] = print,
    ) -> None:
        self.http, self.url, self.out = http, url.rstrip("/"), out
        self.user = {"id": user_id, "first_name": first_name, "language_code": language_code}
        self.cursor = 0
        self.messages: dict[int, dict[str, Any]] = {}

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        async with self.http.request(method, f"{self.url}/_emulator/{path}", **kwargs) as resp:
            if resp.content_type != "application/json":
                return await resp.read()
            body = await resp.json()
            if resp.status >= 400:
                raise RuntimeError(body.get("error", f"HTTP {resp.status}"))
            return body

    async def connect(self) -> None:
        await self._call("POST", "users", json=self.user)
        info = await self._call("GET", "info")
        self.cursor = int(info["last_event"])
        for view in await self._call("GET", "messages", params={"chat_id": self.user["id"]}):
            self.messages[view["message"]["message_id"]] = view["message"]
        self.out(f"Chatting with {info['bot']['first_name']} as {self.user['first_name']}. /help")

    async def follow(self) -> None:
        """Prints bot activity as it happens (long-polls /_emulator/events)."""
        while True:
            params = {"since": self.cursor, "timeout": 25, "chat_id": self.user["id"]}
            batch = await self._call("GET", "events", params=params)
            for event in batch["events"]:
                if event["kind"] in {"bot_message", "bot_edit"}:
                    self.messages[event["message_id"]] = event["data"]["message"]
                for line in format_event(event):
                    self.out(line)
            self.cursor = max(self.cursor, int(batch["last"]))

    async def handle_line(self, line: str) -> bool:
        """Acts on one typed line; False means quit."""
        line = line.rstrip("\r\n")
        word, _, rest = line.strip().partition(" ")
        try:
            if not line.strip():
                return True
            if word in {"/quit", "/exit"}:
                return False
            if word == "/help":
                self.out(HELP)
            elif word == "/click":
                await self._click(rest.strip())
            elif word in UPLOADS and rest.strip():
                await self._upload(UPLOADS[word], shlex.split(rest))
            elif word == "/save":
                await self._save(shlex.split(rest))
            else:
                text = line[1:] if line.startswith("//") else line
                await self._call("POST", "send", json={"user_id": self.user["id"], "text": text})
        except (RuntimeError, OSError, ValueError, IndexError, aiohttp.ClientError) as exc:
            self.out(f"! {exc}")
        return True

    async def _click(self, which: str) -> None:
        body: dict[str, Any] = {"user_id": self.user["id"]}
        body |= {"button": int(which)} if which.isdigit() else {"text": which}
        await self._call("POST", "click", json=body)

    async def _upload(self, kind: str, args: list[str]) -> None:
        path = Path(args[0])
        form = aiohttp.FormData()
        form.add_field("user_id", str(self.user["id"]))
        form.add_field("kind", kind)
        if kind == "voice" and len(args) > 1:
            form.add_field("duration", args[1])
        elif len(args) > 1:
            form.add_field("caption", " ".join(args[1:]))
        form.add_field("file", await asyncio.to_thread(path.read_bytes), filename=path.name)
        await self._call("POST", "upload", data=form)
        self.out(f"(sent {kind} {path.name})")

    async def _save(self, args: list[str]) -> None:
        message = self.messages[int(args[0])]
        kind = next(k for k in ("video", "animation", "photo", "voice", "audio", "document")
                    if k in message)  # fmt: skip
        obj = message[kind][-1] if kind == "photo" else message[kind]
        data = await self._call("GET", f"files/{obj['file_id']}")
        await asyncio.to_thread(Path(args[1]).write_bytes, data)
        self.out(f"(saved {len(data)} bytes to {args[1]})")


async def stdin_lines() -> AsyncIterator[str]:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    try:
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    except ValueError:  # a regular file: read it synchronously
        for line in sys.stdin:
            yield line
        return
    while line := await reader.readline():
        yield line.decode()


async def run(
    url: str,
    lines: AsyncIterator[str],
    *,
    linger: float = 0.0,
    out: Callable[[str], None] = print,
    **user: Any,
) -> None:
    """Chat until /quit or end of input; `linger` s more output is shown after end of input."""
    async with aiohttp.ClientSession() as http:
        client = ChatClient(http, url, out=out, **user)
        await client.connect()
        follower = asyncio.create_task(client.follow())
        try:
            async for line in lines:
                if not await client.handle_line(line):
                    break
            else:
                await asyncio.sleep(linger)
        finally:
            follower.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await follower


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.emulators.telegram.chat")
    parser.add_argument("--url", default="http://127.0.0.1:8081")
    parser.add_argument("--user-id", type=int, default=1001)
    parser.add_argument("--name", default="Alice")
    parser.add_argument("--lang", default="en", choices=["en", "ru"])
    parser.add_argument("--linger", type=float, default=None, help="seconds to wait after EOF")
    args = parser.parse_args(argv)
    linger = args.linger if args.linger is not None else (0.0 if sys.stdin.isatty() else 3.0)
    user = {"user_id": args.user_id, "first_name": args.name, "language_code": args.lang}
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run(args.url, stdin_lines(), linger=linger, **user))


if __name__ == "__main__":
    main()
