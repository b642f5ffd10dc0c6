"""The /_emulator control endpoints, the terminal chat client and the standalone server."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from pathlib import Path

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from .echo_bot import make_dispatcher, polling
from .telegram import DEFAULT_TOKEN, TelegramEmulator
from .telegram.chat import ChatClient
from .telegram.chat_view import describe_media, format_event
from .telegram.events import Notifier

ROOT = Path(__file__).resolve().parents[2]


class Screen:
    """Collects printed lines; `wait_for` blocks until a line contains some text."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.changed = Notifier()

    def print(self, line: str) -> None:
        self.lines.extend(line.splitlines())
        self.changed.notify()

    async def wait_for(self, text: str, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        if not await self.changed.wait_for(lambda: any(text in x for x in self.lines), timeout):
            raise AssertionError(f"{text!r} never shown; screen:\n" + "\n".join(self.lines))


async def test_chat_client_conversation(
    bot: Bot, emulator: TelegramEmulator, tiny_ogg: bytes, tmp_path: Path
) -> None:
    voice = tmp_path / "note.ogg"
    voice.write_bytes(tiny_ogg)
    screen = Screen()
    async with polling(make_dispatcher(), bot), aiohttp.ClientSession() as http:
        client = ChatClient(http, emulator.base_url, user_id=2001, out=screen.print)
        await client.connect()
        follower = asyncio.create_task(client.follow())
        try:
            await client.handle_line("hello bot")
            await screen.wait_for("    hello bot")
            await client.handle_line("/menu")
            await screen.wait_for("[1] Approve   [2] Redo")
            await client.handle_line("/click 1")
            await screen.wait_for("[alert] Published!")
            await screen.wait_for("    Approved ✅")
            await client.handle_line(f"/voice {voice} 1")
            await screen.wait_for(f"voice: {len(tiny_ogg)} bytes")
            await client.handle_line("/video")
            await screen.wait_for("[video: preview.mp4, 2.0 KB, 1080x1920]")
            video_id = max(client.messages)
            await client.handle_line(f"/save {video_id} {tmp_path / 'out.mp4'}")
            await screen.wait_for("(saved 2012 bytes")
            await client.handle_line("/click 9")
            await screen.wait_for("! ")
            assert not await client.handle_line("/quit")
        finally:
            follower.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await follower
    assert "bot #4 (edited):" in screen.lines
    assert (tmp_path / "out.mp4").stat().st_size == 2012


async def test_control_endpoints(emulator: TelegramEmulator, tiny_ogg: bytes) -> None:
    url = f"{emulator.base_url}/_emulator"
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{url}/users", json={"id": 7, "first_name": "Ira"}) as resp:
            assert (await resp.json())["language_code"] == "en"
        async with http.post(f"{url}/send", json={"user_id": 7, "text": "/start"}) as resp:
            assert (await resp.json())["entities"][0]["type"] == "bot_command"
        form = aiohttp.FormData({"user_id": "7", "kind": "voice", "duration": "1"})
        form.add_field("file", tiny_ogg, filename="v.ogg")
        async with http.post(f"{url}/upload", data=form) as resp:
            voice = (await resp.json())["voice"]
        async with http.get(f"{url}/files/{voice['file_id']}") as resp:
            assert await resp.read() == tiny_ogg
        async with http.post(f"{url}/click", json={"user_id": 7, "button": 1}) as resp:
            assert resp.status == 400
            assert "no message with buttons" in (await resp.json())["error"]
        async with http.post(f"{url}/faults", json={"method": "getMe", "kind": "hang"}) as resp:
            assert resp.status == 200
        async with http.delete(f"{url}/faults") as resp:
            assert emulator.faults.faults == []
        async with http.get(f"{url}/events", params={"since": 0, "chat_id": 7}) as resp:
            kinds = [e["kind"] for e in (await resp.json())["events"]]
        assert kinds == ["user_message", "user_message"]
        async with http.get(f"{url}/events", params={"since": 99, "timeout": 0.2}) as resp:
            assert (await resp.json())["events"] == []
        async with http.get(f"{url}/messages", params={"chat_id": 7}) as resp:
            assert len(await resp.json()) == 2
    assert [u["message"]["from"]["id"] for u in emulator.pending_updates] == [7, 7]


def test_chat_view_formats_media_and_events() -> None:
    photo = {
        "photo": [{"width": 90, "height": 51}, {"width": 1280, "height": 720, "file_size": 2048}]
    }
    assert describe_media(photo) == "[photo: 2.0 KB, 1280x720]"
    assert format_event({"kind": "chat_action", "data": {"action": "upload_video"}}) == [
        "[bot: upload video...]"
    ]
    assert format_event({"kind": "user_message", "data": {}}) == []


@pytest.mark.timeout(30)
async def test_standalone_server_and_chat_processes() -> None:
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.emulators.telegram", "--port", "0", "--quiet",
        cwd=ROOT, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert server.stdout is not None
    banner = (await asyncio.wait_for(server.stdout.readline(), 10)).decode()
    base_url = banner.split(" at ", 1)[1].split(" ", 1)[0]
    session = AiohttpSession(api=TelegramAPIServer.from_base(base_url))
    try:
        async with Bot(DEFAULT_TOKEN, session=session) as bot, polling(make_dispatcher(), bot):
            chat = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tests.emulators.telegram.chat", "--url", base_url,
                "--linger", "1.5", cwd=ROOT,
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            )  # fmt: skip
            output, _ = await asyncio.wait_for(chat.communicate(b"ping\n/menu\n"), 20)
    finally:
        server.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(server.wait(), 10) == 0
    text = output.decode()
    assert chat.returncode == 0
    assert "Chatting with Shorts Factory Test Bot as Alice" in text
    assert "    ping" in text
    assert "[1] Approve   [2] Redo" in text
