"""sendMessage, edits, deletes, copies/forwards and answerCallbackQuery."""

from __future__ import annotations

import copy
from typing import Any

from . import events as ev
from .errors import QUERY_TOO_OLD, bad_request
from .formatting import render_text
from .markup import parse_reply_markup, require_inline
from .models import MEDIA_KEYS, EmuChat, StoredMessage
from .params import Params
from .registry import method
from .state import EmulatorState

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CONTENT_KEYS = ("text", "entities", "caption", "caption_entities", *MEDIA_KEYS)


def reply_target(st: EmulatorState, chat: EmuChat, p: Params) -> StoredMessage | None:
    """The message named by reply_parameters (or legacy reply_to_message_id)."""
    params = p.get_json("reply_parameters") or {}
    if not isinstance(params, dict):
        raise bad_request("can't parse reply parameters JSON object")
    message_id = params.get("message_id", p.get_int("reply_to_message_id"))
    if message_id is None:
        return None
    target_chat = st.resolve_chat(params["chat_id"]) if "chat_id" in params else chat
    target = st.message(target_chat.id, int(message_id))
    if target is None or target.deleted:
        if params.get("allow_sending_without_reply") or p.get_bool("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")
    return target


def caption_content(p: Params) -> dict[str, Any]:
    caption, entities = render_text(
        p.get_str("caption"),
        p.get_str("parse_mode"),
        p.get_json("caption_entities"),
        limit=CAPTION_LIMIT,
        what="caption",
        required=False,
    )
    content: dict[str, Any] = {}
    if caption is not None:
        content["caption"] = caption
        if entities:
            content["caption_entities"] = entities
    return content


@method("sendMessage")
async def send_message(st: EmulatorState, p: Params) -> Any:
    chat = st.chat_for_send(p.raw("chat_id"))
    text, entities = render_text(
        p.get_str("text"), p.get_str("parse_mode"), p.get_json("entities"), limit=TEXT_LIMIT
    )
    markup = parse_reply_markup(p.get_json("reply_markup", "reply keyboard markup"))
    reply_to = reply_target(st, chat, p)
    content: dict[str, Any] = {"text": text}
    if entities:
        content["entities"] = entities
    message = st.add_message(chat, content, sender=None, markup=markup, reply_to=reply_to)
    return message.data


def _edit_markup(p: Params) -> dict[str, Any] | None:
    return require_inline(parse_reply_markup(p.get_json("reply_markup", "reply keyboard markup")))


def _with(data: dict[str, Any], content: dict[str, Any], markup: dict[str, Any] | None) -> Any:
    """`data` with text/caption keys replaced by `content` and the inline keyboard set."""
    new = {k: v for k, v in data.items() if k not in content and k != "reply_markup"}
    new.update({k: v for k, v in content.items() if v is not None})
    if markup is not None:
        new["reply_markup"] = markup
    return new


@method("editMessageText")
async def edit_message_text(st: EmulatorState, p: Params) -> Any:
    if p.get_str("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    message = st.message_for_edit(p.raw("chat_id"), p.get_int("message_id"))
    if "text" not in message.data:
        raise bad_request("there is no text in the message to edit")
    text, entities = render_text(
        p.get_str("text"), p.get_str("parse_mode"), p.get_json("entities"), limit=TEXT_LIMIT
    )
    content = {"text": text, "entities": entities}
    return st.apply_edit(message, _with(message.data, content, _edit_markup(p))).data


@method("editMessageCaption")
async def edit_message_caption(st: EmulatorState, p: Params) -> Any:
    if p.get_str("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    message = st.message_for_edit(p.raw("chat_id"), p.get_int("message_id"))
    if message.media_kind is None:
        raise bad_request("there is no caption in the message to edit")
    content: dict[str, Any] = {"caption": None, "caption_entities": None} | caption_content(p)
    return st.apply_edit(message, _with(message.data, content, _edit_markup(p))).data


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(st: EmulatorState, p: Params) -> Any:
    if p.get_str("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    message = st.message_for_edit(p.raw("chat_id"), p.get_int("message_id"))
    return st.apply_edit(message, _with(message.data, {}, _edit_markup(p))).data


@method("deleteMessage")
async def delete_message(st: EmulatorState, p: Params) -> Any:
    st.delete_message(p.raw("chat_id"), p.require_int("message_id"))
    return True


@method("deleteMessages")
async def delete_messages(st: EmulatorState, p: Params) -> Any:
    ids = p.get_json("message_ids")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise bad_request("message_ids must contain 1-100 identifiers")
    chat = st.resolve_chat(p.raw("chat_id"))
    for message_id in ids:
        message = st.message(chat.id, int(message_id))
        if message is not None and not message.deleted:
            st.delete_message(chat.id, int(message_id))
    return True


def _source(st: EmulatorState, p: Params, what: str) -> StoredMessage:
    chat = st.resolve_chat(p.raw("from_chat_id"))
    return st.live_message(chat.id, p.require_int("message_id"), f"message to {what} not found")


@method("copyMessage")
async def copy_message(st: EmulatorState, p: Params) -> Any:
    source = _source(st, p, "copy")
    chat = st.chat_for_send(p.raw("chat_id"))
    content = {k: copy.deepcopy(v) for k, v in source.data.items() if k in CONTENT_KEYS}
    if "caption" in p:
        content = {k: v for k, v in content.items() if k not in {"caption", "caption_entities"}}
        content |= caption_content(p)
    markup = parse_reply_markup(p.get_json("reply_markup", "reply keyboard markup"))
    reply_to = reply_target(st, chat, p)
    message = st.add_message(chat, content, sender=None, markup=markup, reply_to=reply_to)
    return {"message_id": message.message_id}


@method("forwardMessage")
async def forward_message(st: EmulatorState, p: Params) -> Any:
    source = _source(st, p, "forward")
    chat = st.chat_for_send(p.raw("chat_id"))
    content = {k: copy.deepcopy(v) for k, v in source.data.items() if k in CONTENT_KEYS}
    if "sender_chat" in source.data:
        origin = {"type": "channel", "chat": source.data["sender_chat"]}
        origin["message_id"] = source.message_id
    else:
        origin = {"type": "user", "sender_user": source.data["from"]}
    content["forward_origin"] = origin | {"date": source.data["date"]}
    return st.add_message(chat, content, sender=None).data


@method("answerCallbackQuery")
async def answer_callback_query(st: EmulatorState, p: Params) -> Any:
    record = st.callbacks.get(p.require_str("callback_query_id"))
    if record is None or record.answered or st.clock() - record.created_at > st.callback_timeout:
        raise bad_request(QUERY_TOO_OLD)
    text = p.get_str("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    record.answered = True
    record.answered_at = st.clock()
    record.answer_text = text
    record.show_alert = p.get_bool("show_alert")
    record.url = p.get_str("url")
    record.cache_time = p.get_int("cache_time")
    answer = {"id": record.id, "text": text, "show_alert": record.show_alert, "url": record.url}
    st.events.emit(ev.CALLBACK_ANSWER, record.chat_id, record.message_id, answer)
    return True
