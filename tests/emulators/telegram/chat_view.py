"""Rendering emulator events as terminal lines for the chat client."""

from __future__ import annotations

from typing import Any

from .models import MEDIA_KEYS


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def describe_media(message: dict[str, Any]) -> str | None:
    """ "[video: clip.mp4, 1.2 MB, 1080x1920, 30s]" for a media message, else None."""
    kind = next((key for key in MEDIA_KEYS if key in message), None)
    if kind is None:
        return None
    obj = message[kind][-1] if kind == "photo" else message[kind]
    parts = [str(obj["file_name"])] if obj.get("file_name") else []
    if "file_size" in obj:
        parts.append(human_size(int(obj["file_size"])))
    if obj.get("width") and obj.get("height"):
        parts.append(f"{obj['width']}x{obj['height']}")
    if obj.get("duration"):
        parts.append(f"{obj['duration']}s")
    return f"[{kind}: {', '.join(parts)}]" if parts else f"[{kind}]"


def button_lines(message: dict[str, Any]) -> list[str]:
    """Inline keyboard rows with 1-based numbers for `/click N`."""
    lines, number = [], 0
    for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
        cells = []
        for button in row:
            number += 1
            link = f" -> {button['url']}" if "url" in button else ""
            cells.append(f"[{number}] {button['text']}{link}")
        lines.append("    " + "   ".join(cells))
    return lines


def format_message(message: dict[str, Any], *, edited: bool = False) -> list[str]:
    head = f"bot #{message['message_id']}{' (edited)' if edited else ''}:"
    lines = [head]
    media = describe_media(message)
    if media:
        lines.append(f"    {media}")
    body = message.get("text") if "text" in message else message.get("caption")
    if body:
        lines.extend(f"    {line}" for line in str(body).splitlines() or [""])
    return lines + button_lines(message)


def format_event(event: dict[str, Any]) -> list[str]:
    """Lines for one `/_emulator/events` entry (the user's own actions print nothing)."""
    kind, data = event["kind"], event.get("data") or {}
    if kind in {"bot_message", "bot_edit"}:
        lines = format_message(data["message"], edited=kind == "bot_edit")
        if data.get("reply_keyboard"):
            rows = [
                " ".join(f"[{b if isinstance(b, str) else b['text']}]" for b in row)
                for row in data["reply_keyboard"].get("keyboard", [])
            ]
            lines.append("    keyboard: " + " / ".join(rows))
        if data.get("remove_keyboard"):
            lines.append("    (keyboard removed)")
        return lines
    if kind == "bot_delete":
        return [f"bot deleted #{event['message_id']}"]
    if kind == "callback_answer" and data.get("text"):
        label = "alert" if data.get("show_alert") else "notice"
        return [f"[{label}] {data['text']}"]
    if kind == "chat_action":
        return [f"[bot: {str(data['action']).replace('_', ' ')}...]"]
    return []
