"""Decoding Bot API request parameters from query, urlencoded, JSON and multipart bodies."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .errors import bad_request, entity_too_large
from .records import RecordedUpload


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes

    def record(self) -> RecordedUpload:
        digest = hashlib.sha256(self.data).hexdigest()
        return RecordedUpload(self.field, self.filename, self.content_type, len(self.data), digest)


JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "reply_parameters",
        "link_preview_options",
        "media",
        "scope",
        "commands",
        "message_ids",
        "menu_button",
        "rights",
        "permissions",
        "options",
        "results",
        "prices",
        "suggested_tip_amounts",
    }
)


class Params:
    """Request parameters: strings from forms/query, any JSON value from JSON bodies."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload] | None = None) -> None:
        self.values = values
        self.uploads = uploads or {}

    @classmethod
    async def from_request(cls, request: web.Request) -> Params:
        values: dict[str, Any] = dict(request.query)
        uploads: dict[str, Upload] = {}
        try:
            if request.content_type == "application/json" and request.can_read_body:
                body = await request.json()
                if not isinstance(body, dict):
                    raise bad_request("JSON object expected")
                values.update(body)
            elif request.method == "POST" and request.can_read_body:
                for key, value in (await request.post()).items():
                    if isinstance(value, web.FileField):
                        data = value.file.read()
                        uploads[key] = Upload(key, value.filename, value.content_type, data)
                    elif isinstance(value, (bytes, bytearray)):
                        values[key] = bytes(value).decode()
                    else:
                        values[key] = value
        except web.HTTPRequestEntityTooLarge as exc:
            raise entity_too_large() from exc
        except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
            raise bad_request(f"can't parse request body: {exc}") from exc
        return cls(values, uploads)

    def __contains__(self, name: str) -> bool:
        return name in self.values or name in self.uploads

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def get_str(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def require_str(self, name: str) -> str:
        value = self.get_str(name)
        if value is None or value == "":
            raise bad_request(f'parameter "{name}" is required')
        return value

    def get_int(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            raise bad_request(f'field "{name}" must be of type Integer')
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise bad_request(f'field "{name}" must be of type Integer') from exc

    def require_int(self, name: str) -> int:
        value = self.get_int(name)
        if value is None:
            raise bad_request(f'parameter "{name}" is required')
        return value

    def get_bool(self, name: str, default: bool = False) -> bool:
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        return str(value).lower() in {"true", "1", "yes"}

    def get_float(self, name: str, default: float | None = None) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError) as exc:
            raise bad_request(f'field "{name}" must be of type Float') from exc

    def get_json(self, name: str, what: str | None = None) -> Any:
        """A JSON-serialized field (a string in forms, a value in JSON bodies), or None."""
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise bad_request(f"can't parse {what or name} JSON object") from exc

    def file(self, name: str) -> Upload | str | None:
        """An InputFile field: an upload (direct or via `attach://<key>`) or a file_id/URL."""
        if name in self.uploads:
            return self.uploads[name]
        value = self.get_str(name)
        if value is None:
            return None
        return self.attachment(value)

    def attachment(self, value: str) -> Upload | str:
        if value.startswith("attach://"):
            key = value.removeprefix("attach://")
            if key not in self.uploads:
                raise bad_request(f'file of field "{key}" is not found in the request')
            return self.uploads[key]
        return value

    def recorded(self) -> dict[str, Any]:
        """Params for the request log, with JSON-serialized fields decoded where possible."""
        decoded: dict[str, Any] = {}
        for key, value in self.values.items():
            decoded[key] = value
            if key in JSON_FIELDS and isinstance(value, str):
                try:
                    decoded[key] = json.loads(value)
                except json.JSONDecodeError:
                    decoded[key] = value
        return decoded

    def uploads_record(self) -> list[RecordedUpload]:
        return [upload.record() for upload in self.uploads.values()]
