"""One RFC 9457 problem-details answer: `type` is `/api/problems/<key>` (stable: the Fluent
key of the error, never its wording), `title` from the key, `detail` the English message."""

from collections.abc import Mapping
from typing import Any

from fastapi.responses import JSONResponse

PROBLEM = "application/problem+json"
TYPE_BASE = "/api/problems/"


def problem(
    status: int, key: str, detail: str, *, headers: Mapping[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = {
        "type": TYPE_BASE + key,
        "title": title_of(key),
        "status": status,
        "detail": detail,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def title_of(key: str) -> str:
    return key.removeprefix("error-").replace("-", " ").capitalize()
