"""fal storage: CDN token, CDN upload, the GCS-style fallback upload, and file serving.

Every stored or generated file is served at `{base}/files/{file_id}/{name}`; such URLs are
what `upload_file` returns and what image outputs point at.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from aiohttp import web

from ..openai.common import RECORD_KEY, ServiceError


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    name: str
    content_type: str
    data: bytes = field(repr=False)


class FileStore:
    """Files by id; `url_of`/`lookup` convert to and from this emulator's file URLs."""

    def __init__(self, base_url: Callable[[], str]) -> None:
        self._base_url = base_url
        self.files: dict[str, StoredFile] = {}
        self._ids = itertools.count(1)

    def put(self, data: bytes, content_type: str, name: str) -> StoredFile:
        stored = StoredFile(f"f{next(self._ids):05d}", name, content_type, data)
        self.files[stored.file_id] = stored
        return stored

    @property
    def base_url(self) -> str:
        return self._base_url()

    def url_of(self, stored: StoredFile) -> str:
        return f"{self.base_url}/files/{stored.file_id}/{stored.name}"

    def lookup(self, url: str) -> StoredFile | None:
        prefix = f"{self.base_url}/files/"
        if not url.startswith(prefix):
            return None
        return self.files.get(url.removeprefix(prefix).split("/", 1)[0])


class StorageApi:
    def __init__(self, store: FileStore, clock: Callable[[], float]) -> None:
        self.store = store
        self.clock = clock
        self.tokens: set[str] = set()
        self.pending: dict[str, str] = {}  # upload id -> file id

    async def cdn_token(self, request: web.Request) -> web.Response:
        token = secrets.token_hex(16)
        self.tokens.add(token)
        expires = datetime.fromtimestamp(self.clock(), UTC) + timedelta(hours=1)
        return web.json_response(
            {
                "token": token,
                "token_type": "Bearer",
                "base_url": self.store.base_url,
                "expires_at": expires.isoformat(),
            }
        )

    async def cdn_upload(self, request: web.Request) -> web.Response:
        record = request[RECORD_KEY]
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        record.auth = "ok" if scheme == "Bearer" and token in self.tokens else "bad"
        if record.auth != "ok":
            raise ServiceError(401, "", "Invalid or expired CDN token")
        if not record.files:
            raise ServiceError(400, "", "Empty upload")
        upload = record.files[0]
        name = request.headers.get("X-Fal-File-Name", "upload.bin")
        stored = self.store.put(upload.data, upload.content_type, name)
        record.notes.update(file_id=stored.file_id, file_name=name)
        return web.json_response({"access_url": self.store.url_of(stored)})

    async def initiate(self, request: web.Request) -> web.Response:
        body = request[RECORD_KEY].json
        if not isinstance(body, dict) or not body.get("content_type"):
            raise ServiceError(422, "", "content_type is required")
        name = str(body.get("file_name") or "upload.bin")
        upload_id = secrets.token_hex(8)
        stored = self.store.put(b"", str(body["content_type"]), name)
        self.pending[upload_id] = stored.file_id
        return web.json_response(
            {
                "upload_url": f"{self.store.base_url}/storage/gcs/{upload_id}",
                "file_url": self.store.url_of(stored),
            }
        )

    async def put(self, request: web.Request) -> web.Response:
        file_id = self.pending.pop(request.match_info["upload_id"], None)
        if file_id is None:
            raise ServiceError(404, "", "No such upload")
        content_type = request.headers.get("Content-Type", "application/octet-stream")
        name = self.store.files[file_id].name
        self.store.files[file_id] = StoredFile(file_id, name, content_type, await request.read())
        return web.Response(status=200)

    async def serve(self, request: web.Request) -> web.Response:
        stored = self.store.files.get(request.match_info["file_id"])
        if stored is None:
            raise ServiceError(404, "", "File not found")
        return web.Response(body=stored.data, content_type=stored.content_type)
