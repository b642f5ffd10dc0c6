"""Signed links and the kept secrets: tampering, expiry, purpose, and keys made once (0600)."""

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr

from core.publisher_settings import PublishersSettings, WebSettings
from core.redaction import REDACTED, Redactor
from core.signing import BadSignature, SignatureExpired, Signer, web_signer
from core.token_cipher import TokenCipher, TokenUnreadable, token_cipher

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def test_a_signed_payload_comes_back_until_it_expires() -> None:
    clock = [NOW]
    signer = Signer(b"k" * 32, lambda: clock[0])
    token = signer.sign("media", {"k": "users/1/a.mp4"}, ttl_s=60)
    assert signer.verify("media", token) == {"k": "users/1/a.mp4"}
    clock[0] = NOW + timedelta(seconds=61)
    with pytest.raises(SignatureExpired):
        signer.verify("media", token)
    assert signer.verify("media", token, allow_expired=True) == {"k": "users/1/a.mp4"}


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # the MAC
        lambda t: "e30" + t[t.index(".") :],  # another payload ({}) under the same MAC
        lambda t: t.replace(".", ""),
        lambda t: "",
        lambda t: "ü.ü",
    ],
)
def test_a_tampered_token_is_refused(mangle: object) -> None:
    signer = Signer(b"k" * 32, lambda: NOW)
    token = signer.sign("oauth-state", {"u": 1}, ttl_s=60)
    with pytest.raises(BadSignature) as caught:
        signer.verify("oauth-state", mangle(token))  # type: ignore[operator]
    assert not isinstance(caught.value, SignatureExpired)


def test_a_token_is_only_good_for_its_purpose_and_key() -> None:
    signer = Signer(b"k" * 32, lambda: NOW)
    token = signer.sign("media", {"u": 1}, ttl_s=60)
    with pytest.raises(BadSignature):
        signer.verify("oauth-state", token)
    with pytest.raises(BadSignature):
        Signer(b"x" * 32, lambda: NOW).verify("media", token)


def test_without_a_configured_key_one_is_kept_private_and_reused(tmp_path: Path) -> None:
    folder = tmp_path / "secrets"
    first = web_signer(WebSettings(), folder)
    token = first.sign("media", {}, ttl_s=60)
    assert web_signer(WebSettings(), folder).verify("media", token) == {}
    key_file = folder / "web.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    configured = web_signer(WebSettings(secret_key=SecretStr("configured-secret")), folder)
    with pytest.raises(BadSignature):
        configured.verify("media", token)


def test_token_keys_fall_back_to_a_kept_key(tmp_path: Path) -> None:
    settings = PublishersSettings(secrets_dir=tmp_path / "secrets")
    sealed = token_cipher(settings).seal("a-token")
    assert token_cipher(settings).open(sealed) == "a-token"
    assert stat.S_IMODE((tmp_path / "secrets" / "token.key").stat().st_mode) == 0o600
    assert "a-token" not in sealed.ciphertext
    assert repr(sealed) == "Sealed(...)"


def test_configured_keys_open_tokens_of_any_listed_key(tmp_path: Path) -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = TokenCipher([old_key]).seal("t")
    both = token_cipher(
        PublishersSettings(
            token_keys=[SecretStr(new_key), SecretStr(old_key)], secrets_dir=tmp_path
        )
    )
    assert both.open(sealed) == "t"
    assert TokenCipher([new_key]).open(both.reseal(sealed)) == "t"
    with pytest.raises(TokenUnreadable):
        TokenCipher([new_key]).open(sealed)
    assert not (tmp_path / "token.key").exists()


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("GET /oauth/youtube/callback?code=4/0AbCdEf&state=eyJ1Ijo.xYz", "4/0AbCdEf"),
        ("GET /oauth/youtube/callback?code=4/0AbCdEf&state=eyJ1Ijo.xYz", "eyJ1Ijo.xYz"),
        ("https://web.example/oauth/x/start?flow=eyJwIjoi.c2lnbmF0dXJl", "eyJwIjoi.c2lnbmF0dXJl"),
        ("pulling https://web.example/media/eyJrIjoi.bWFjbWFj failed", "eyJrIjoi.bWFjbWFj"),
        ("code_verifier=Zm9vYmFyYmF6cXV4", "Zm9vYmFyYmF6cXV4"),
    ],
)
def test_oauth_values_and_media_tokens_are_redacted(text: str, secret: str) -> None:
    redacted = Redactor().text(text)
    assert secret not in redacted
    assert REDACTED in redacted
