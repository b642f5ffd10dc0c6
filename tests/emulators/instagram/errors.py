"""The Graph API error envelope and the errors the emulator answers with (instagram.md §5)."""

from __future__ import annotations

import json
import secrets
from typing import Any

from ..openai.common import ServiceError

TOKEN_INVALID = 190
THROTTLE_CODES = (4, 17, 32, 613)


def envelope(
    code: int, message: str, *, subcode: int | None = None, kind: str = "OAuthException"
) -> dict[str, Any]:
    error: dict[str, Any] = {
        "message": message,
        "type": kind,
        "code": code,
        "fbtrace_id": "A" + secrets.token_hex(10),
    }
    if subcode is not None:
        error["error_subcode"] = subcode
        error["error_user_title"] = message
        error["error_user_msg"] = message
    return {"error": error}


def graph_error(
    code: int,
    message: str,
    *,
    subcode: int | None = None,
    status: int = 400,
    headers: dict[str, str] | None = None,
) -> ServiceError:
    body = envelope(code, message, subcode=subcode)
    return ServiceError(status, str(code), message, dict(headers or {}), detail=body)


def token_error(subcode: int | None, message: str) -> ServiceError:
    return graph_error(TOKEN_INVALID, message, subcode=subcode)


def not_found(object_id: str) -> ServiceError:
    message = (
        f"Unsupported get request. Object with ID '{object_id}' does not exist, cannot be "
        "loaded due to missing permissions, or does not support this operation"
    )
    return graph_error(100, message, subcode=33)


def bad_param(message: str, *, subcode: int | None = None) -> ServiceError:
    return graph_error(100, message, subcode=subcode)


def oauth_refusal(message: str) -> ServiceError:
    """api.instagram.com's own shape for the code exchange."""
    body = {"error_type": "OAuthException", "code": 400, "error_message": message}
    return ServiceError(400, "400", message, detail=body)


def usage_headers(user_id: str, regain_minutes: int) -> dict[str, str]:
    """What a throttled answer carries: call-rate usage and the wait in minutes."""
    usage = {
        user_id: [
            {
                "type": "instagram",
                "call_count": 100,
                "total_cputime": 30,
                "total_time": 40,
                "estimated_time_to_regain_access": regain_minutes,
            }
        ]
    }
    app = {"call_count": 100, "total_cputime": 30, "total_time": 40}
    return {"X-Business-Use-Case-Usage": json.dumps(usage), "X-App-Usage": json.dumps(app)}
