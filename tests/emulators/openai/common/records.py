"""Every request an emulator receives, as tests assert on it."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web

from .body import UploadedFile, parse_body

AuthState = Literal["ok", "missing", "bad", "public"]
REDACTED = "<redacted>"


@dataclass
class RecordedRequest:
    """One request. Secret headers keep their name with the value replaced by `<redacted>`;
    `auth` says whether the credential was right. `status` is the status sent back
    (499 when the client went away first); `fault` names the injected fault, if any.
    `notes` holds service facts such as characters charged or the job a poll was for.
    """

    seq: int
    route: str
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    auth: AuthState = "public"
    json: Any = None
    form: dict[str, list[str]] = field(default_factory=dict)
    files: list[UploadedFile] = field(default_factory=list)
    body_size: int = 0
    in_flight: int = 1
    status: int | None = None
    fault: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def field_value(self, name: str) -> str | None:
        values = self.form.get(name)
        return values[0] if values else None

    def file_sizes(self, name: str | None = None) -> list[int]:
        return [item.size for item in self.files if name is None or item.name == name]


class RequestLog:
    """Append-only list of `RecordedRequest` with route filters."""

    def __init__(self) -> None:
        self._items: list[RecordedRequest] = []

    def add(self, record: RecordedRequest) -> None:
        self._items.append(record)

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def all(self) -> list[RecordedRequest]:
        return list(self._items)

    def to(self, route: str) -> list[RecordedRequest]:
        """Requests that matched the named route ("chat", "tts", "status", ...)."""
        return [item for item in self._items if item.route == route]

    def count(self, route: str) -> int:
        return len(self.to(route))

    def last(self, route: str | None = None) -> RecordedRequest:
        items = self._items if route is None else self.to(route)
        if not items:
            raise AssertionError(f"no request recorded for route {route!r}")
        return items[-1]

    def statuses(self, route: str) -> list[int | None]:
        return [item.status for item in self.to(route)]

    def clear(self) -> None:
        self._items.clear()


def record_request(
    request: web.Request,
    route: str,
    raw: bytes,
    *,
    seq: int,
    in_flight: int,
    secret_headers: Collection[str],
) -> RecordedRequest:
    """A record of `request` (whose body `raw` was already read), secrets redacted."""
    body = parse_body(request.headers.get("Content-Type", ""), raw)
    headers = {
        key.lower(): (REDACTED if key.lower() in secret_headers else value)
        for key, value in request.headers.items()
    }
    query: dict[str, list[str]] = {}
    for key, value in request.query.items():
        query.setdefault(key, []).append(value)
    return RecordedRequest(
        seq=seq,
        route=route,
        method=request.method,
        path=request.path,
        query=query,
        headers=headers,
        json=body.json,
        form=body.form,
        files=body.files,
        body_size=len(raw),
        in_flight=in_flight,
    )
