"""The `videos.insert` metadata rules the emulator enforces (youtube.md 2.1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..openai.common import ServiceError
from .faults import google_error

PRIVACY = frozenset({"public", "unlisted", "private"})
MAX_TITLE = 100
MAX_DESCRIPTION_BYTES = 5000
MAX_TAGS_CHARS = 500


def _bad(reason: str, message: str) -> ServiceError:
    return ServiceError(400, reason, message, detail=google_error(400, reason, message))


def check_metadata(resource: Any) -> None:
    if not isinstance(resource, dict):
        raise _bad("invalidVideoMetadata", "the body must be a video resource")
    snippet, status = resource.get("snippet") or {}, resource.get("status") or {}
    title = snippet.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE:
        raise _bad("invalidTitle", "The request metadata specifies an invalid video title.")
    if "<" in title or ">" in title:
        raise _bad("invalidTitle", "The title may not contain < or >.")
    description = snippet.get("description", "")
    if (
        len(description.encode()) > MAX_DESCRIPTION_BYTES
        or "<" in description
        or ">" in description
    ):
        raise _bad("invalidDescription", "The request metadata specifies an invalid description.")
    if len(",".join(snippet.get("tags") or [])) > MAX_TAGS_CHARS:
        raise _bad("invalidTags", "The request metadata specifies invalid video keywords.")
    if not str(snippet.get("categoryId", "22")).isdigit():
        raise _bad("invalidCategoryId", "The request metadata specifies an invalid category.")
    if status.get("privacyStatus", "public") not in PRIVACY:
        raise _bad("invalidVideoMetadata", "privacyStatus must be public, unlisted or private")
    for flag in ("selfDeclaredMadeForKids", "containsSyntheticMedia"):
        if flag in status and not isinstance(status[flag], bool):
            raise _bad("invalidVideoMetadata", f"status.{flag} must be a boolean")
    publish_at = status.get("publishAt")
    if publish_at is not None:
        if status.get("privacyStatus") != "private":
            raise _bad("invalidPublishAt", "publishAt requires privacyStatus private.")
        try:
            datetime.fromisoformat(str(publish_at).replace("Z", "+00:00"))
        except ValueError as error:
            raise _bad("invalidPublishAt", "publishAt is not an ISO 8601 time") from error
