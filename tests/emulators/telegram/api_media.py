"""Media: sendPhoto/Video/Voice/Audio/Document/Animation/VideoNote, media groups, getFile."""

from __future__ import annotations

import mimetypes
from typing import Any

from . import media
from .api_messages import caption_content, reply_target
from .errors import bad_request, entity_too_large
from .files import StoredFile
from .markup import parse_reply_markup, require_inline
from .models import MEDIA_KEYS
from .params import Params, Upload
from .registry import Handler, method
from .state import EmulatorState

DEFAULT_MIME = {
    "video": "video/mp4",
    "animation": "video/mp4",
    "video_note": "video/mp4",
    "voice": "audio/ogg",
    "audio": "audio/mpeg",
}
GROUP_TYPES = frozenset({"photo", "video", "audio", "document"})


def store_upload(
    st: EmulatorState, upload: Upload, kind: str, p: Params, uploaded_by: str = "bot"
) -> StoredFile:
    """Stores an uploaded file; bot uploads obey the 50 MB (photo: 10 MB) limits."""
    files = st.files
    by_bot = uploaded_by == "bot"
    if by_bot and len(upload.data) > files.upload_limit:
        raise entity_too_large()
    if kind == "photo":
        if by_bot and len(upload.data) > files.photo_limit:
            raise bad_request("PHOTO_SAVE_FILE_INVALID")
        if by_bot and not media.photo_dimensions_ok(upload.data):
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        return files.add_photo(upload.data, uploaded_by)[-1]
    name = upload.filename
    mime = (mimetypes.guess_type(name)[0] if name else None) or upload.content_type
    if mime in {None, "application/octet-stream"} and kind in DEFAULT_MIME:
        mime = DEFAULT_MIME[kind]
    info = media.MediaInfo()
    if kind in {"video", "animation", "voice", "audio", "video_note"}:
        info = media.probe(upload.data)
    width = p.get_int("width", p.get_int("length", info.width))
    height = p.get_int("height", p.get_int("length", info.height))
    info = media.MediaInfo(width, height, p.get_int("duration", info.duration))
    return files.add(
        upload.data, kind, file_name=name, mime_type=mime, info=info, uploaded_by=uploaded_by
    )


def resolve_file(
    st: EmulatorState, value: Upload | str | None, kind: str, p: Params
) -> StoredFile:
    """An InputFile: an upload, a previously seen file_id, or a URL registered in the emulator."""
    if value is None:
        raise bad_request(f"there is no {kind} in the request")
    if isinstance(value, Upload):
        return store_upload(st, value, kind, p)
    if value.startswith(("http://", "https://")):
        if value not in st.url_files:
            raise bad_request("failed to get HTTP URL content")
        data, mime = st.url_files[value]
        name = value.rsplit("/", 1)[-1] or None
        return store_upload(st, Upload(kind, name, mime, data), kind, p)
    stored = st.files.get(value)
    if kind not in {stored.kind, "document"} and {stored.kind, kind} != {"video", "animation"}:
        raise bad_request("type of file mismatch")
    return stored


def media_content(st: EmulatorState, stored: StoredFile, kind: str, p: Params) -> dict[str, Any]:
    extra: dict[str, Any] = {"performer": p.get_str("performer"), "title": p.get_str("title")}
    thumb = p.file("thumbnail")
    if isinstance(thumb, Upload) and kind != "photo":
        size = media.image_size(thumb.data) or (320, 320)
        info = media.MediaInfo(*size)
        extra["thumbnail"] = st.files.add(thumb.data, "thumbnail", info=info).photo_size()
    content: dict[str, Any] = {kind: st.files.media_object(stored, kind, extra)}
    if kind == "animation":
        content["document"] = st.files.media_object(stored, "document")
    if p.get_bool("has_spoiler"):
        content["has_spoiler"] = True
    return content | caption_content(p)


def _send_media(kind: str) -> Handler:
    async def send(st: EmulatorState, p: Params) -> Any:
        chat = st.chat_for_send(p.raw("chat_id"))
        markup = parse_reply_markup(p.get_json("reply_markup", "reply keyboard markup"))
        reply_to = reply_target(st, chat, p)
        stored = resolve_file(st, p.file(kind), kind, p)
        content = media_content(st, stored, kind, p)
        return st.add_message(chat, content, sender=None, markup=markup, reply_to=reply_to).data

    return send


for _kind in ("photo", "video", "voice", "audio", "document", "animation", "video_note"):
    method("send" + _kind.title().replace("_", ""))(_send_media(_kind))


def _input_media(st: EmulatorState, item: Any, p: Params) -> tuple[str, dict[str, Any]]:
    if not isinstance(item, dict) or not isinstance(item.get("media"), str):
        raise bad_request("can't parse InputMedia JSON object")
    kind = str(item.get("type"))
    if kind not in {*GROUP_TYPES, "animation"}:
        raise bad_request(f"unsupported media type {kind!r}")
    fields = {k: v for k, v in item.items() if k not in {"type", "media"}}
    item_params = Params(fields, p.uploads)
    stored = resolve_file(st, p.attachment(item["media"]), kind, item_params)
    return kind, media_content(st, stored, kind, item_params)


@method("sendMediaGroup")
async def send_media_group(st: EmulatorState, p: Params) -> Any:
    chat = st.chat_for_send(p.raw("chat_id"))
    items = p.get_json("media")
    if not isinstance(items, list) or not 2 <= len(items) <= 10:
        raise bad_request("media group must contain from 2 to 10 items")
    parsed = [_input_media(st, item, p) for item in items]
    kinds = {kind for kind, _ in parsed}
    if "animation" in kinds or (len(kinds) > 1 and kinds & {"audio", "document"}):
        raise bad_request("wrong media types combination in the media group")
    group_id = f"{st.now()}{len(st.requests):06d}"
    reply_to = reply_target(st, chat, p)
    sent = []
    for _, content in parsed:
        content["media_group_id"] = group_id
        sent.append(st.add_message(chat, content, sender=None, reply_to=reply_to).data)
    return sent


@method("editMessageMedia")
async def edit_message_media(st: EmulatorState, p: Params) -> Any:
    if p.get_str("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    message = st.message_for_edit(p.raw("chat_id"), p.get_int("message_id"))
    if message.media_kind is None:
        raise bad_request("there is no media in the message to edit")
    _, content = _input_media(st, p.get_json("media"), p)
    markup = require_inline(
        parse_reply_markup(p.get_json("reply_markup", "reply keyboard markup"))
    )
    drop = {*MEDIA_KEYS, "caption", "caption_entities", "reply_markup", "has_spoiler"}
    new = {k: v for k, v in message.data.items() if k not in drop} | content
    if markup is not None:
        new["reply_markup"] = markup
    return st.apply_edit(message, new).data


@method("getFile")
async def get_file(st: EmulatorState, p: Params) -> Any:
    stored = st.files.get(p.require_str("file_id"))
    if stored.size > st.files.download_limit:
        raise bad_request("file is too big")
    return stored.file_dict()
