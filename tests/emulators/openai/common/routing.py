"""Routes and the error a handler raises to answer in its service's error shape."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Handler
    name: str
    auth: bool = True


@dataclass
class ServiceError(Exception):
    """Raised by handlers; rendered by the service's `error_response`.

    `detail` replaces the service's standard body fields when set (e.g. a 422 list).
    """

    status: int
    code: str
    message: str
    headers: dict[str, str] = field(default_factory=dict)
    param: str | None = None
    detail: Any = None
