"""Validation of reply_markup: inline keyboards, reply keyboards, remove/force-reply."""

from __future__ import annotations

from typing import Any

from .errors import bad_request

INLINE_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
MAX_BUTTONS = 100
MAX_CALLBACK_DATA = 64


def parse_reply_markup(value: Any) -> dict[str, Any] | None:
    """A validated reply_markup object, or None when absent."""
    if value is None or value == "":
        return None
    if not isinstance(value, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in value:
        _check_inline(value["inline_keyboard"])
    elif "keyboard" in value:
        _check_reply_keyboard(value["keyboard"])
    elif not (value.get("remove_keyboard") or value.get("force_reply")):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return value


def require_inline(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """Edits accept only inline keyboards."""
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("inline keyboard expected")
    return markup


def is_inline(markup: dict[str, Any] | None) -> bool:
    return markup is not None and "inline_keyboard" in markup


def _rows(rows: Any) -> list[list[Any]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    return rows


def _check_inline(rows: Any) -> None:
    for row in _rows(rows):
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request("can't parse inline keyboard button: Text must be a string")
            actions = [key for key in INLINE_ACTIONS if key in button]
            if len(actions) != 1:
                raise bad_request("text buttons are unallowed in the inline keyboard")
            if "callback_data" in button:
                data = button["callback_data"]
                size = len(str(data).encode())
                if not isinstance(data, str) or not 1 <= size <= MAX_CALLBACK_DATA:
                    raise bad_request("BUTTON_DATA_INVALID")
            if "url" in button:
                url = str(button["url"])
                if not url.startswith(("http://", "https://", "tg://")):
                    raise bad_request(
                        f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL"
                    )


def _check_reply_keyboard(rows: Any) -> None:
    for row in _rows(rows):
        for button in row:
            if isinstance(button, str):
                continue
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request("can't parse keyboard button: Text must be a string")


def reply_keyboard_texts(markup: dict[str, Any]) -> list[list[str]]:
    """Texts of a reply keyboard, row by row."""
    rows: list[list[str]] = []
    for row in markup.get("keyboard", []):
        rows.append([button if isinstance(button, str) else button["text"] for button in row])
    return rows
