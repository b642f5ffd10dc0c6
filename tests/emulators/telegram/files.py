"""In-memory file store: file_id/file_unique_id/file_path for every upload, limits, media JSON."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from typing import Any

from . import media
from .errors import bad_request

MB = 1024 * 1024
ID_PREFIX = {
    "photo": "AgACAgIAAxkBAA",
    "video": "BAACAgIAAxkBAA",
    "voice": "AwACAgIAAxkBAA",
    "audio": "CQACAgIAAxkBAA",
    "document": "BQACAgIAAxkBAA",
    "animation": "CgACAgIAAxkBAA",
    "video_note": "DQACAgIAAxkBAA",
    "thumbnail": "AAMCAgADGQEAA",
}
FOLDER = {"photo": "photos", "audio": "music", "voice": "voice", "thumbnail": "thumbnails"}


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None
    duration: int | None = None
    uploaded_by: str = "bot"
    group: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def file_dict(self) -> dict[str, Any]:
        """The `File` object getFile returns."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }

    def photo_size(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "width": self.width or 0,
            "height": self.height or 0,
            "file_size": self.size,
        }


class FileStore:
    """Every file the bot uploaded or a user sent, addressable by file_id and file_path."""

    def __init__(
        self,
        download_limit: int = 20 * MB,
        upload_limit: int = 50 * MB,
        photo_limit: int = 10 * MB,
    ) -> None:
        self.download_limit = download_limit
        self.upload_limit = upload_limit
        self.photo_limit = photo_limit
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def all(self) -> list[StoredFile]:
        return list(self._by_id.values())

    def get(self, file_id: str) -> StoredFile:
        if file_id not in self._by_id:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return self._by_id[file_id]

    def find(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)

    def add(
        self,
        data: bytes,
        kind: str,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        info: media.MediaInfo | None = None,
        uploaded_by: str = "bot",
        variant: str = "",
    ) -> StoredFile:
        number = len(self._by_id) + 1
        digest = hashlib.sha256(data + variant.encode()).hexdigest()
        file_id = f"{ID_PREFIX.get(kind, 'BQACAgIAAxkBAA')}{number:06d}{digest[:24]}"
        mime_type = mime_type or (mimetypes.guess_type(file_name)[0] if file_name else None)
        folder = FOLDER.get(kind, f"{kind}s")
        path = f"{folder}/file_{number}{_extension(kind, file_name, mime_type)}"
        info = info or media.MediaInfo()
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=f"AgAD{digest[:12]}",
            kind=kind,
            data=data,
            file_path=path,
            file_name=file_name,
            mime_type=mime_type,
            width=info.width,
            height=info.height,
            duration=info.duration,
            uploaded_by=uploaded_by,
        )
        self._by_id[file_id] = stored
        self._by_path[path] = stored
        return stored

    def add_photo(self, data: bytes, uploaded_by: str = "bot") -> list[StoredFile]:
        """Stores the PhotoSize ladder of one photo; returns it smallest first."""
        sizes = []
        for index, variant in enumerate(media.photo_variants(data)):
            info = media.MediaInfo(variant.width, variant.height)
            sizes.append(
                self.add(
                    variant.data,
                    "photo",
                    mime_type="image/jpeg",
                    info=info,
                    uploaded_by=uploaded_by,
                    variant=str(index),
                )
            )
        group = [size.file_id for size in sizes]
        for size in sizes:
            size.group = group
        return sizes

    def photo_group(self, stored: StoredFile) -> list[StoredFile]:
        return [self._by_id[file_id] for file_id in stored.group] or [stored]

    def media_object(
        self, stored: StoredFile, kind: str, extra: dict[str, Any] | None = None
    ) -> Any:
        """The Bot API object for `kind` (a PhotoSize list for photos) for a stored file."""
        if kind == "photo":
            return [size.photo_size() for size in self.photo_group(stored)]
        data: dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
        if kind in {"video", "animation"}:
            data |= {"width": stored.width or 0, "height": stored.height or 0}
        if kind in {"video", "animation", "voice", "audio", "video_note"}:
            data["duration"] = stored.duration or 0
        if kind == "video_note":
            data["length"] = stored.width or 0
        if kind in {"video", "animation", "audio", "document"} and stored.file_name:
            data["file_name"] = stored.file_name
        if kind != "video_note" and stored.mime_type:
            data["mime_type"] = stored.mime_type
        data["file_size"] = stored.size
        for key, value in (extra or {}).items():
            if value is not None:
                data[key] = value
        return data


def _extension(kind: str, file_name: str | None, mime_type: str | None) -> str:
    if file_name and "." in file_name:
        return "." + file_name.rsplit(".", 1)[1]
    if kind == "voice":
        return ".oga"
    if kind in {"photo", "thumbnail"}:
        return ".jpg"
    guessed = mimetypes.guess_extension(mime_type) if mime_type else None
    return guessed or (".mp4" if kind in {"video", "animation", "video_note"} else "")
