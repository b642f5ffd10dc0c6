"""What a bot may do in a channel: see it, read its members, post to it.

Telegram answers a bot that was kicked from a channel 403 "bot was kicked from the channel
chat", hides a private channel the bot is not in ("chat not found"), and lets only an
administrator with `can_post_messages` post ("need administrator rights in the channel chat").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import bad_request, forbidden

if TYPE_CHECKING:
    from .models import EmuChat
    from .state import EmulatorState

ADMIN_STATUSES = frozenset({"creator", "administrator"})
NEED_ADMIN = "need administrator rights in the channel chat"
KICKED = "bot was kicked from the channel chat"


def admin_rights(st: EmulatorState, chat_id: int, user_id: int) -> dict[str, bool]:
    """Rights that differ from "all granted" for an administrator (empty: all granted)."""
    return st.admin_rights.get((chat_id, user_id), {})


def can_post(st: EmulatorState, chat_id: int, user_id: int) -> bool:
    status = st.members.get((chat_id, user_id), "left")
    if status == "creator":
        return True
    return status == "administrator" and admin_rights(st, chat_id, user_id).get(
        "can_post_messages", True
    )


def check_visible(st: EmulatorState, chat: EmuChat) -> None:
    """Raises what Telegram answers a bot looking at a channel it cannot see."""
    if chat.type != "channel":
        return
    status = st.members.get((chat.id, st.bot.id), "left")
    if status == "kicked":
        raise forbidden(KICKED)
    if status == "left" and chat.username is None:
        raise bad_request("chat not found")


def check_can_post(st: EmulatorState, chat: EmuChat) -> None:
    """Raises unless the bot may post to the channel `chat`."""
    check_visible(st, chat)
    if not can_post(st, chat.id, st.bot.id):
        raise bad_request(NEED_ADMIN)


def check_members_visible(st: EmulatorState, chat: EmuChat) -> None:
    """Only a channel's administrators may read its member list (getChatMember)."""
    check_visible(st, chat)
    if chat.type == "channel" and st.members.get((chat.id, st.bot.id)) not in ADMIN_STATUSES:
        raise bad_request("member list is inaccessible")
