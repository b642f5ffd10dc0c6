"""Request bodies as the emulators see them: JSON, multipart form parts, or raw bytes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import parse_qs


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart body (`name` is its form field), or a raw upload
    body (`name` "<body>")."""

    name: str
    filename: str | None
    content_type: str
    data: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class ParsedBody:
    """`json` is set for JSON bodies (`json_error` when they do not parse)."""

    raw: bytes = field(repr=False)
    content_type: str = ""
    json: Any = None
    json_error: str | None = None
    form: dict[str, list[str]] = field(default_factory=dict)
    files: list[UploadedFile] = field(default_factory=list)

    def field_value(self, name: str) -> str | None:
        values = self.form.get(name)
        return values[0] if values else None

    def files_named(self, name: str) -> list[UploadedFile]:
        return [item for item in self.files if item.name == name]


def _header_params(value: str) -> tuple[str, dict[str, str]]:
    """Split `type/sub; a=b; c="d"` into the main value and its parameters."""
    message = Message()
    message["content-type"] = value
    first = value.split(";", maxsplit=1)[0]
    main = message.get_content_type() if "/" in first else first
    params = {key.lower(): str(val) for key, val in message.get_params([])[1:]}
    return main.strip().lower(), params


def _parse_multipart(raw: bytes, boundary: str) -> tuple[dict[str, list[str]], list[UploadedFile]]:
    form: dict[str, list[str]] = {}
    files: list[UploadedFile] = []
    delimiter = b"--" + boundary.encode("latin-1")
    for chunk in raw.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, data = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        data = data.removesuffix(b"\r\n")
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        _, disposition = _header_params("form-data; " + headers.get("content-disposition", ""))
        name = disposition.get("name", "")
        filename = disposition.get("filename")
        if filename is None:
            form.setdefault(name, []).append(data.decode("utf-8", "replace"))
        else:
            content_type = headers.get("content-type", "application/octet-stream")
            files.append(UploadedFile(name, filename, content_type, data))
    return form, files


def parse_body(content_type_header: str, raw: bytes, raw_name: str | None = None) -> ParsedBody:
    """Parse by content type; any other non-empty body becomes one file named "<body>"."""
    content_type, params = _header_params(content_type_header or "application/octet-stream")
    body = ParsedBody(raw=raw, content_type=content_type)
    if not raw:
        return body
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            body.json = json.loads(raw)
        except ValueError as exc:
            body.json_error = str(exc)
    elif content_type == "multipart/form-data" and "boundary" in params:
        body.form, body.files = _parse_multipart(raw, params["boundary"])
    elif content_type == "application/x-www-form-urlencoded":
        body.form = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
    else:
        body.files.append(UploadedFile("<body>", raw_name, content_type, raw))
    return body
