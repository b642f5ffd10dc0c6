"""HTTP control endpoints under /_emulator/ (used by the terminal chat client and scripts)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .models import EmuUser, StoredMessage

if TYPE_CHECKING:
    from .emulator import TelegramEmulator

KINDS = frozenset({"photo", "video", "voice", "audio", "document", "animation", "video_note"})
MAX_EVENT_WAIT = 60.0


def message_view(message: StoredMessage) -> dict[str, Any]:
    return {
        "message": message.data,
        "from_bot": message.from_bot,
        "deleted": message.deleted,
        "edited": message.edited,
    }


class ControlApi:
    """Drives the emulator over HTTP; errors answer `{"error": "..."}` with 400/404."""

    def __init__(self, emulator: TelegramEmulator, app: web.Application) -> None:
        self.emulator = emulator
        self.state = emulator.state
        add = app.router.add_route
        add("GET", "/_emulator/info", self.info)
        add("POST", "/_emulator/users", self.add_user)
        add("POST", "/_emulator/send", self.send)
        add("POST", "/_emulator/upload", self.upload)
        add("POST", "/_emulator/click", self.click)
        add("GET", "/_emulator/events", self.events)
        add("GET", "/_emulator/messages", self.messages)
        add("GET", "/_emulator/requests", self.requests)
        add("GET", "/_emulator/files/{file_id}", self.file)
        add("POST", "/_emulator/faults", self.add_fault)
        add("DELETE", "/_emulator/faults", self.clear_faults)

    @staticmethod
    def _fail(status: int, error: str) -> web.Response:
        return web.json_response({"error": error}, status=status)

    def _user(self, body: dict[str, Any]) -> EmuUser:
        user_id = int(body["user_id"])
        if user_id not in self.state.users:
            raise LookupError(f"unknown user {user_id}; POST /_emulator/users first")
        return self.state.users[user_id]

    @staticmethod
    def _chat(body: dict[str, Any]) -> int | None:
        value = body.get("chat_id")
        return int(value) if value not in (None, "") else None

    async def info(self, request: web.Request) -> web.Response:
        st = self.state
        return web.json_response(
            {
                "bot": st.bot.to_dict(),
                "users": [u.to_dict() for u in st.users.values()],
                "chats": [c.to_dict() for c in st.chats.values()],
                "last_event": st.events.last_seq,
            }
        )

    async def add_user(self, request: web.Request) -> web.Response:
        body = await request.json()
        user_id = body.get("id")
        if user_id is not None and int(user_id) in self.state.users:
            return web.json_response(self.state.users[int(user_id)].to_dict())
        user = self.emulator.add_user(
            int(user_id) if user_id is not None else None,
            str(body.get("first_name") or "Alice"),
            language_code=body.get("language_code", "en"),
            username=body.get("username"),
        )
        return web.json_response(user.to_dict())

    async def send(self, request: web.Request) -> web.Response:
        body = await request.json()
        try:
            user = self._user(body)
            message = self.emulator.user_sends_text(user, self._chat(body), str(body["text"]))
        except (LookupError, ValueError) as exc:
            return self._fail(400, str(exc))
        return web.json_response(message.data)

    async def upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        upload = form.get("file")
        kind = str(form.get("kind", "document"))
        if not isinstance(upload, web.FileField) or kind not in KINDS:
            return self._fail(400, f"need a 'file' part and kind in {sorted(KINDS)}")
        fields = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        try:
            user = self._user(fields)
            extra: dict[str, Any] = {}
            if fields.get("duration"):
                extra["duration"] = int(fields["duration"])
            message = self.emulator.user_sends_media(
                user,
                self._chat(fields),
                kind,
                upload.file.read(),
                file_name=upload.filename,
                mime_type=fields.get("mime_type") or None,
                caption=fields.get("caption") or None,
                **extra,
            )
        except (LookupError, ValueError) as exc:
            return self._fail(400, str(exc))
        return web.json_response(message.data)

    async def click(self, request: web.Request) -> web.Response:
        """Body: user_id, chat_id?, message_id? (default: last keyboard), then one of
        callback_data, button (1-based index over all buttons) or text."""
        body = await request.json()
        try:
            user = self._user(body)
            chat_id = self._chat(body) or user.id
            if body.get("message_id"):
                message = self.state.message(chat_id, int(body["message_id"]))
            else:
                message = self.emulator.last_keyboard_message(chat_id)
            if message is None:
                raise LookupError("no message with buttons")
            button = int(body["button"]) if body.get("button") else str(body.get("text", ""))
            data = body.get("callback_data") or message.callback_data_of(button)
            record = self.emulator.user_clicks(user, message, str(data))
        except (LookupError, ValueError, IndexError) as exc:
            return self._fail(400, str(exc))
        view = dataclasses.asdict(record)
        view["user"] = record.user.to_dict()
        return web.json_response(view)

    async def events(self, request: web.Request) -> web.Response:
        """Long poll: events with seq > since (optionally for one chat), waiting up to timeout."""
        since = int(request.query.get("since", "0"))
        timeout = min(float(request.query.get("timeout", "0")), MAX_EVENT_WAIT)
        chat = request.query.get("chat_id")
        chat_id = int(chat) if chat else None
        log = self.state.events
        await log.wait(lambda e: chat_id is None or e.chat_id == chat_id, since, timeout)
        found = [e.to_dict() for e in log.since(since, chat_id)]
        return web.json_response({"events": found, "last": log.last_seq})

    async def messages(self, request: web.Request) -> web.Response:
        chat_id = int(request.query["chat_id"])
        box = self.state.messages.get(chat_id, {})
        return web.json_response([message_view(m) for m in box.values()])

    async def requests(self, request: web.Request) -> web.Response:
        since = int(request.query.get("since", "0"))
        method = request.query.get("method", "").lower()
        found = [
            {k: v for k, v in dataclasses.asdict(r).items() if k != "uploads"}
            | {"uploads": [dataclasses.asdict(u) for u in r.uploads]}
            for r in self.state.requests[since:]
            if not method or r.method.lower() == method
        ]
        return web.json_response(found)

    async def file(self, request: web.Request) -> web.Response:
        stored = self.state.files.find(request.match_info["file_id"])
        if stored is None:
            return self._fail(404, "unknown file_id")
        content_type = stored.mime_type or "application/octet-stream"
        return web.Response(body=stored.data, content_type=content_type)

    async def add_fault(self, request: web.Request) -> web.Response:
        """Body: method, kind (retry_after|server_error|bad_gateway|blocked|delay|hang|error),
        times?, seconds?, status?, description?"""
        try:
            self.state.faults.from_spec(await request.json())
        except (KeyError, ValueError) as exc:
            return self._fail(400, f"bad fault: {exc}")
        return web.json_response({"ok": True})

    async def clear_faults(self, request: web.Request) -> web.Response:
        self.state.faults.clear()
        return web.json_response({"ok": True})
