"""The table of implemented Bot API methods (lower-cased names -> async handlers)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from .params import Params
from .state import EmulatorState

Handler = Callable[[EmulatorState, Params], Awaitable[Any]]
HANDLERS: dict[str, Handler] = {}


def method(*names: str) -> Callable[[Handler], Handler]:
    """Registers a handler under one or more Bot API method names (case-insensitive)."""

    def register(handler: Handler) -> Handler:
        for name in names:
            HANDLERS[name.lower()] = handler
        return handler

    return register


def implemented_methods() -> list[str]:
    return sorted(HANDLERS)
