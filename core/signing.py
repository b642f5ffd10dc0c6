"""Signed, expiring tokens for URLs: the OAuth `state` and flow links, and media URLs.

A token is `<payload>.<mac>`, both base64url: the payload is JSON with the purpose (`p`) and
the expiry (`e`, Unix seconds), the MAC is HMAC-SHA256 over the payload with the web app's
key (`WEB__SECRET_KEY`, or one kept in `PUBLISHERS__SECRETS_DIR`). The purpose is signed
too, so a media URL's token is never accepted as an OAuth state.
"""

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.publisher_settings import WebSettings
from core.secret_files import kept_secret

KEY_FILE = "web.key"


class BadSignature(Exception):
    """Not a token this key signed for this purpose (tampered, or made elsewhere)."""


class SignatureExpired(BadSignature):
    """Signed by us, but past its expiry."""


class Signer:
    def __init__(self, key: bytes, clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self._key, self.clock = key, clock

    def sign(self, purpose: str, payload: Mapping[str, Any], *, ttl_s: int) -> str:
        expires = int(self.clock().timestamp()) + ttl_s
        body = json.dumps({**payload, "p": purpose, "e": expires}, separators=(",", ":"))
        encoded = _b64(body.encode("utf-8"))
        return f"{encoded}.{_b64(self._mac(encoded))}"

    def verify(self, purpose: str, token: str, *, allow_expired: bool = False) -> dict[str, Any]:
        """The payload (without `p` and `e`); BadSignature or SignatureExpired otherwise."""
        encoded, _, mac = token.partition(".")
        try:
            valid = hmac.compare_digest(_unb64(mac), self._mac(encoded))
            payload = json.loads(_unb64(encoded)) if valid else None
        except (ValueError, UnicodeDecodeError) as error:
            raise BadSignature("malformed token") from error
        if not isinstance(payload, dict) or payload.pop("p", None) != purpose:
            raise BadSignature("not signed for this purpose")
        expires = payload.pop("e", None)
        if not isinstance(expires, int):
            raise BadSignature("no expiry")
        if not allow_expired and self.clock().timestamp() > expires:
            raise SignatureExpired("token expired")
        return payload

    def _mac(self, encoded: str) -> bytes:
        return hmac.new(self._key, encoded.encode("ascii"), hashlib.sha256).digest()


def web_signer(web: WebSettings, secrets_dir: Path) -> Signer:
    """The signer of `WEB__SECRET_KEY`, or of a random key kept in `secrets_dir`."""
    configured = web.secret_key.get_secret_value().strip() if web.secret_key else ""
    key = configured or kept_secret(secrets_dir, KEY_FILE, lambda: secrets.token_urlsafe(48))
    return Signer(key.encode("utf-8"))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not text or not text.isascii():
        raise ValueError("empty or non-ASCII")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
