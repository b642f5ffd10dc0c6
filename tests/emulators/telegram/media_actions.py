"""Acting as a user who sends media: photos, voice, audio, video, documents, GIFs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .actions import UserActions
from .api_media import media_content, store_upload
from .models import EmuChat, EmuUser, StoredMessage
from .params import Params, Upload

MediaSource = bytes | str | os.PathLike[str]
DEFAULT_NAMES = {
    "audio": "audio.mp3",
    "video": "video.mp4",
    "animation": "animation.gif",
    "document": "file.bin",
}


def read_source(source: MediaSource) -> tuple[bytes, str | None]:
    """Bytes and (for paths) the file name."""
    if isinstance(source, bytes):
        return source, None
    path = Path(source)
    return path.read_bytes(), path.name


class MediaActions(UserActions):
    """User actions that upload files (stored like Telegram stores them, with file_ids)."""

    def user_sends_media(
        self,
        user: EmuUser,
        chat: EmuChat | int | None,
        kind: str,
        source: MediaSource,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        caption: str | None = None,
        enqueue: bool = True,
        **fields: Any,
    ) -> StoredMessage:
        """Any media kind (photo, video, voice, audio, document, animation, video_note)."""
        data, name = read_source(source)
        params = Params({k: v for k, v in fields.items() if v is not None})
        if caption is not None:
            params.values["caption"] = caption
        upload = Upload(kind, file_name or name or DEFAULT_NAMES.get(kind), mime_type, data)
        stored = store_upload(self.state, upload, kind, params, uploaded_by="user")
        if mime_type is not None:
            stored.mime_type = mime_type
        content = media_content(self.state, stored, kind, params)
        return self._deliver(user, chat, content, enqueue=enqueue)

    def user_sends_voice(
        self,
        user: EmuUser,
        chat: EmuChat | int | None,
        source: MediaSource,
        *,
        duration: int | None = None,
        mime_type: str = "audio/ogg",
        caption: str | None = None,
        enqueue: bool = True,
    ) -> StoredMessage:
        return self.user_sends_media(
            user,
            chat,
            "voice",
            source,
            mime_type=mime_type,
            caption=caption,
            enqueue=enqueue,
            duration=duration,
        )

    def user_sends_audio(
        self,
        user: EmuUser,
        chat: EmuChat | int | None,
        source: MediaSource,
        *,
        duration: int | None = None,
        file_name: str | None = None,
        mime_type: str = "audio/mpeg",
        title: str | None = None,
        performer: str | None = None,
        caption: str | None = None,
        enqueue: bool = True,
    ) -> StoredMessage:
        return self.user_sends_media(
            user,
            chat,
            "audio",
            source,
            file_name=file_name,
            mime_type=mime_type,
            caption=caption,
            enqueue=enqueue,
            duration=duration,
            title=title,
            performer=performer,
        )

    def user_sends_photo(
        self,
        user: EmuUser,
        chat: EmuChat | int | None,
        source: MediaSource,
        *,
        caption: str | None = None,
        enqueue: bool = True,
    ) -> StoredMessage:
        """A photo; Telegram's PhotoSize ladder is generated (real resizes for real images)."""
        return self.user_sends_media(user, chat, "photo", source, caption=caption, enqueue=enqueue)

    def user_sends_video(
        self,
        user: EmuUser,
        chat: EmuChat | int | None,
        source: MediaSource,
        *,
        file_name: str | None = None,
        mime_type: str = "video/mp4",
        duration: int | None = None,
        width: int | None = None,
        height: int | None = None,
        caption: str | None = None,
        enqueue: bool = True,
    ) -> StoredMessage:
        """A video; width/height/duration are probed from real media when not given."""
        return self.user_sends_media(
            user,
            chat,
            "video",
            source,
            file_name=file_name,
            mime_type=mime_type,
            caption=caption,
            enqueue=enqueue,
            duration=duration,
            width=width,
            height=height,
        )

    def user_sends_document(
        self,
        user: EmuUser,
        chat: EmuChat | int | None,
        source: MediaSource,
        file_name: str | None = None,
        mime_type: str | None = None,
        *,
        caption: str | None = None,
        enqueue: bool = True,
    ) -> StoredMessage:
        return self.user_sends_media(
            user,
            chat,
            "document",
            source,
            file_name=file_name,
            mime_type=mime_type,
            caption=caption,
            enqueue=enqueue,
        )

    def user_sends_animation(
        self,
        user: EmuUser,
        chat: EmuChat | int | None,
        source: MediaSource,
        *,
        file_name: str | None = None,
        mime_type: str = "image/gif",
        duration: int | None = None,
        width: int | None = None,
        height: int | None = None,
        caption: str | None = None,
        enqueue: bool = True,
    ) -> StoredMessage:
        """A GIF: the message carries both `animation` and `document`, as Telegram sends it."""
        return self.user_sends_media(
            user,
            chat,
            "animation",
            source,
            file_name=file_name,
            mime_type=mime_type,
            caption=caption,
            enqueue=enqueue,
            duration=duration,
            width=width,
            height=height,
        )
