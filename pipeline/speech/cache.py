"""Paid speech kept as the provider returned it, content-addressed by what was asked.

A retried or resumed voice stage, a regenerated scene, a re-voice or a second test of the
same phrase asks the same question again; the answer comes from here and costs nothing.
The key is everything that shapes the audio: text, voice id, model, voice settings and
output format. Files are written to a temp name and renamed, so a reader never sees half.
"""

import hashlib
import json
import os
from pathlib import Path
from typing import Any
from uuid import uuid4


def speech_key(
    *,
    provider: str,
    text: str,
    voice_id: str,
    model: str,
    voice_settings: dict[str, Any] | None,
    output_format: str,
) -> str:
    """The hex SHA-256 naming one request's answer."""
    asked = {
        "provider": provider,
        "text": text,
        "voice_id": voice_id,
        "model": model,
        "voice_settings": voice_settings,
        "output_format": output_format,
    }
    return hashlib.sha256(json.dumps(asked, sort_keys=True).encode()).hexdigest()


class SpeechCache:
    """Answers under `<root>/<first two hex digits>/<key>.json`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored answer, or None (never stored, or unreadable: asked again)."""
        try:
            loaded = json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return loaded if isinstance(loaded, dict) else None

    def put(self, key: str, answer: dict[str, Any]) -> None:
        """Store `answer` atomically."""
        final = self.path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(f".{final.name}.{uuid4().hex}.part")
        try:
            tmp.write_text(json.dumps(answer), encoding="utf-8")
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)


def speech_cache(storage_root: Path) -> SpeechCache:
    """The process's speech cache inside the storage root."""
    return SpeechCache(storage_root / "cache" / "speech")
