"""getChat, chat members (channel admin checks) and sendChatAction."""

from __future__ import annotations

from typing import Any

from . import events as ev
from .channel_rules import admin_rights, check_members_visible, check_visible
from .errors import bad_request
from .models import EmuUser
from .params import Params
from .registry import method
from .state import EmulatorState

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_post_messages",
    "can_edit_messages",
    "can_pin_messages",
)


@method("getChat")
async def get_chat(st: EmulatorState, p: Params) -> Any:
    chat = st.resolve_chat(p.raw("chat_id"))
    check_visible(st, chat)
    gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
    return chat.to_dict() | {
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": dict.fromkeys((*gifts, "gifts_from_channels"), False),
    }


def member_dict(
    user: EmuUser, status: str, rights: dict[str, bool] | None = None
) -> dict[str, Any]:
    """A ChatMember object of the right variant for `status` (`rights`: an administrator's
    rights that differ from all granted)."""
    data: dict[str, Any] = {"status": status, "user": user.to_dict()}
    if status == "creator":
        data["is_anonymous"] = False
    elif status == "administrator":
        data |= dict.fromkeys(ADMIN_RIGHTS, True)
        data |= {
            "can_be_edited": False,
            "is_anonymous": False,
            "can_promote_members": False,
            "can_send_welcome_messages": False,
        }
        data |= rights or {}
    elif status == "kicked":
        data["until_date"] = 0
    return data


def _user(st: EmulatorState, user_id: int) -> EmuUser:
    if user_id == st.bot.id:
        return st.bot
    if user_id not in st.users:
        raise bad_request("user not found")
    return st.users[user_id]


@method("getChatMember")
async def get_chat_member(st: EmulatorState, p: Params) -> Any:
    chat = st.resolve_chat(p.raw("chat_id"))
    user = _user(st, p.require_int("user_id"))
    check_members_visible(st, chat)
    status = st.members.get((chat.id, user.id), "left")
    return member_dict(user, status, admin_rights(st, chat.id, user.id))


@method("getChatAdministrators")
async def get_chat_administrators(st: EmulatorState, p: Params) -> Any:
    chat = st.resolve_chat(p.raw("chat_id"))
    check_members_visible(st, chat)
    return [
        member_dict(_user(st, user_id), status, admin_rights(st, chat_id, user_id))
        for (chat_id, user_id), status in st.members.items()
        if chat_id == chat.id and status in {"creator", "administrator"}
    ]


@method("getChatMemberCount", "getChatMembersCount")
async def get_chat_member_count(st: EmulatorState, p: Params) -> Any:
    chat = st.resolve_chat(p.raw("chat_id"))
    return sum(
        1
        for (chat_id, _), status in st.members.items()
        if chat_id == chat.id and status not in {"left", "kicked"}
    )


@method("sendChatAction")
async def send_chat_action(st: EmulatorState, p: Params) -> Any:
    chat = st.chat_for_send(p.raw("chat_id"))
    action = p.require_str("action")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    st.events.emit(ev.CHAT_ACTION, chat.id, None, {"action": action})
    return True
