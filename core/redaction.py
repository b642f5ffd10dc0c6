"""Secrets out of logs: by key name, by what a secret looks like, and by the configured values.

Key names alone are not enough: a bot token travels inside URLs (`/file/bot<token>/...`) that
end up in exception messages and tracebacks, so every string of an event is also searched.
"""

import re
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from pydantic import BaseModel, SecretStr

REDACTED = "[redacted]"
SECRET_NAME = re.compile(
    r"token|secret|key|authori[sz]ation|passw|credential|cookie", re.IGNORECASE
)
# Shorter configured values are only redacted as whole words: "postgres" as a password must
# not turn every "postgresql://" into "[redacted]ql://".
MIN_SECRET_CHARS = 4
MIN_SUBSTRING_CHARS = 12
_KEY_VALUE_NAMES = (
    r"access_token|refresh_token|id_token|client_secret|code_verifier|api[_-]?key|xi-api-key|"
    r"x-api-key|password|passwd|secret|token"
)
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Bot API URLs: /bot<token>/getMe and /file/bot<token>/photos/file_1.jpg
    (re.compile(r"/bot[^/\s'\"]+/"), f"/bot{REDACTED}/"),
    # A Telegram bot token anywhere: <bot id>:<35 characters>
    (re.compile(r"\b\d+:[A-Za-z0-9_-]{30,}"), REDACTED),
    # HTTP credentials; the lookahead (a digit or a base64 sign) spares prose ("Basic idea")
    (
        re.compile(r"\b(Bearer|Basic)\s+(?=[\w.~+/=-]*[\d+/=])[\w.~+/=-]{6,}", re.I),
        rf"\1 {REDACTED}",
    ),
    # fal.ai: "Authorization: Key <key id>:<key secret>"
    (re.compile(r"\bKey\s+[A-Za-z0-9_:.-]{16,}"), f"Key {REDACTED}"),
    # OpenAI and OpenAI-style keys (sk-..., sk-proj-...), ElevenLabs keys (sk_...)
    (re.compile(r"\bsk[-_][A-Za-z0-9_-]{16,}"), REDACTED),
    # key=value and "key": "value" in query strings, headers, JSON and reprs
    (
        re.compile(
            rf"(?<![A-Za-z0-9])({_KEY_VALUE_NAMES})(['\"]?\s*[:=]\s*['\"]?)[^\s'\"&,;}}\])]+", re.I
        ),
        rf"\1\2{REDACTED}",
    ),
    # OAuth's code and state, the web app's flow links, in a URL's query
    (re.compile(r"([?&](?:code|state|flow)=)[^&#\s'\"]+"), rf"\1{REDACTED}"),
    # the web app's signed media URLs (a path of <payload>.<mac>)
    (re.compile(r"(/media/)[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"), rf"\1{REDACTED}"),
    # the password of a URL: scheme://user:password@host
    (re.compile(r"(://[^/\s:@'\"]*:)[^/\s@'\"]+@"), rf"\1{REDACTED}@"),
)


class Redactor:
    """Replaces secrets in text: the known patterns, then the configured secret values."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        values = {form for secret in secrets for form in _forms(secret)}
        ordered = sorted(values, key=len, reverse=True)  # a secret inside another goes last
        long = [re.escape(v) for v in ordered if len(v) >= MIN_SUBSTRING_CHARS]
        short = [re.escape(v) for v in ordered if len(v) < MIN_SUBSTRING_CHARS]
        parts = [*long, *(rf"(?<![A-Za-z0-9]){v}(?![A-Za-z0-9])" for v in short)]
        self._values = re.compile("|".join(parts)) if parts else None

    def text(self, text: str) -> str:
        for pattern, replacement in PATTERNS:
            text = pattern.sub(replacement, text)
        if self._values is not None:
            text = self._values.sub(REDACTED, text)
        return text

    def value(self, value: Any) -> Any:
        """Strings redacted; mappings, lists and tuples walked (values under secret names
        replaced whole); numbers as they are; any other object (an exception logged as a
        value, say) as its redacted repr, which is what the renderers would print."""
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {key: self._item(str(key), item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.value(item) for item in value)
        return self.text(repr(value))

    def _item(self, name: str, value: Any) -> Any:
        return REDACTED if SECRET_NAME.search(name) and value else self.value(value)

    def __call__(
        self, _logger: Any, _method: str, event: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        """The structlog processor: every value of the event, the event text included."""
        for name, value in event.items():
            if name.startswith("_"):  # structlog's own (`_record`, `_from_structlog`)
                continue
            event[name] = self.value(value) if name == "event" else self._item(name, value)
        return event


def _forms(secret: str) -> Iterator[str]:
    """A secret as it may appear: raw, and percent-encoded (inside a URL)."""
    if len(secret) >= MIN_SECRET_CHARS:
        yield secret
        yield quote(secret, safe="")


def configured_secrets(settings: BaseModel) -> list[str]:
    """Every SecretStr value in the settings, and the password of every URL in them."""
    found: list[str] = []
    _collect(settings, found)
    return found


def _collect(value: Any, found: list[str]) -> None:
    if isinstance(value, SecretStr):  # a secret URL (DB__URL) also yields its password
        found.append(value.get_secret_value())
        _collect(value.get_secret_value(), found)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _collect(getattr(value, name), found)
    elif isinstance(value, Mapping):
        for item in value.values():
            _collect(item, found)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _collect(item, found)
    elif isinstance(value, str) and "://" in value:
        try:
            password = urlsplit(value).password
        except ValueError:
            return
        if password:  # as written in the URL, and decoded
            found += [password, unquote(password)]
