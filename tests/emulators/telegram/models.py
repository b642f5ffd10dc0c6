"""Plain data kept by the emulator: users, chats, messages, callbacks, recorded requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class EmuUser:
    """A Telegram user (a person by default; the emulated bot itself has is_bot=True)."""

    id: int
    first_name: str
    language_code: str | None = "en"
    username: str | None = None
    last_name: str | None = None
    is_bot: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "is_bot": self.is_bot,
            "first_name": self.first_name,
        }
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass(frozen=True)
class EmuChat:
    """A chat: `private` (id == user id), `group`, `supergroup` or `channel` (negative id)."""

    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


MEDIA_KEYS = ("video", "animation", "photo", "voice", "audio", "document", "video_note")


@dataclass
class StoredMessage:
    """A message in a chat, with its *current* Bot API JSON in `data` (edits applied)."""

    chat_id: int
    message_id: int
    data: dict[str, Any]
    from_bot: bool
    deleted: bool = False
    history: list[dict[str, Any]] = field(default_factory=list)
    update: dict[str, Any] | None = None

    @property
    def text(self) -> str | None:
        return self.data.get("text")

    @property
    def caption(self) -> str | None:
        return self.data.get("caption")

    @property
    def content(self) -> str | None:
        """Text or caption, whichever the message has."""
        return self.text if self.text is not None else self.caption

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        return self.data.get("reply_markup")

    @property
    def inline_keyboard(self) -> list[list[dict[str, Any]]]:
        markup = self.reply_markup or {}
        rows: list[list[dict[str, Any]]] = markup.get("inline_keyboard", [])
        return rows

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline buttons, rows flattened left-to-right, top-to-bottom."""
        return [button for row in self.inline_keyboard for button in row]

    @property
    def button_texts(self) -> list[str]:
        return [str(button["text"]) for button in self.buttons]

    @property
    def media_kind(self) -> str | None:
        return next((key for key in MEDIA_KEYS if key in self.data), None)

    @property
    def media(self) -> dict[str, Any] | None:
        """The media object; for photos the largest PhotoSize."""
        kind = self.media_kind
        if kind is None:
            return None
        value = self.data[kind]
        if isinstance(value, list):
            return dict(value[-1])
        return dict(value)

    @property
    def edited(self) -> bool:
        return bool(self.history)

    def callback_data_of(self, button: str | int) -> str:
        """callback_data of a button given by its text or (int) 1-based index, rows flattened."""
        found: dict[str, Any] | None
        if isinstance(button, int):
            index = button - 1
            found = self.buttons[index] if 0 <= index < len(self.buttons) else None
        else:
            found = self.find_button(button)
        if found is None:
            raise LookupError(f"no button {button!r}; buttons: {self.button_texts}")
        if "callback_data" not in found:
            raise LookupError(f"button {found['text']!r} has no callback_data")
        return str(found["callback_data"])

    def find_button(self, text: str) -> dict[str, Any] | None:
        """The inline button whose text is exactly `text`, else the only one containing it."""
        exact = [b for b in self.buttons if b.get("text") == text]
        if exact:
            return exact[0]
        partial = [b for b in self.buttons if text in str(b.get("text", ""))]
        return partial[0] if len(partial) == 1 else None
