"""TikTok's answer shapes: the v2 envelope `{"data", "error": {code, message, log_id}}` and
the OAuth one `{error, error_description, log_id}`."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


def log_id() -> str:
    return "2026120617" + secrets.token_hex(8).upper()


@dataclass
class ApiError(Exception):
    """Raised by a v2 handler; rendered as the envelope with empty data."""

    status: int
    code: str
    message: str = ""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class OAuthError(Exception):
    status: int
    error: str
    description: str


def ok(data: dict[str, Any], status: int = 200) -> web.Response:
    body = {"data": data, "error": {"code": "ok", "message": "", "log_id": log_id()}}
    return web.json_response(body, status=status)


def api_error(error: ApiError) -> web.Response:
    body = {
        "data": {},
        "error": {"code": error.code, "message": error.message or error.code, "log_id": log_id()},
    }
    return web.json_response(body, status=error.status, headers=error.headers)


def oauth_error(error: OAuthError) -> web.Response:
    body = {"error": error.error, "error_description": error.description, "log_id": log_id()}
    return web.json_response(body, status=error.status)


OPEN_ID = web.RequestKey("open_id", str)  # the user a valid bearer token acts for
PUBLISH_ID = web.RequestKey("publish_id", str)  # the upload a request touched (the ledger)
