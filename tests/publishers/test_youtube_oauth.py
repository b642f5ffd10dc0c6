"""The YouTube OAuth client against the emulator's Google OAuth: consent URL, code exchange
with PKCE, refresh (stable and rotated), identity, revocation."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from publishers.errors import PublishRejected, ReconnectRequired
from publishers.oauth import TokenSet, pkce_pair
from publishers.youtube import SCOPES
from tests.emulators.youtube import CHANNEL_ID
from tests.publishers.youtube_env import YouTubeEnv, youtube_env

REDIRECT = "http://127.0.0.1:8080/oauth/youtube/callback"


async def consent(env: YouTubeEnv, challenge: str | None, state: str = "st-1") -> dict[str, str]:
    """Follow the authorization URL as a browser would; the query the app's callback gets."""
    url = env.oauth.authorization_url(redirect_uri=REDIRECT, state=state, code_challenge=challenge)
    async with env.http.get(url, allow_redirects=False) as response:
        assert response.status == 302
        location = response.headers["Location"]
    assert location.startswith(REDIRECT)
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


async def test_authorization_url_asks_offline_consent_with_pkce(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        url = env.oauth.authorization_url(redirect_uri=REDIRECT, state="s", code_challenge="c")
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(env.emulator.auth_url)
    assert query["access_type"] == ["offline"]
    assert query["prompt"] == ["consent"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["scope"][0].split() == list(SCOPES)


async def test_code_exchange_with_pkce_then_identify(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        verifier, challenge = pkce_pair()
        answer = await consent(env, challenge)
        assert answer["state"] == "st-1"
        tokens = await env.oauth.exchange_code(
            env.http, code=answer["code"], redirect_uri=REDIRECT, code_verifier=verifier
        )
        identity = await env.oauth.identify(env.http, tokens)
        exchange = env.emulator.requests.last("token")
    assert tokens.refresh_token is not None
    assert tokens.expires_at is not None
    assert identity.external_id == CHANNEL_ID
    assert identity.name == "Emulated Shorts"
    assert exchange.field_value("code_verifier") == verifier


async def test_code_exchange_with_a_wrong_verifier_is_refused(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        _, challenge = pkce_pair()
        answer = await consent(env, challenge)
        with pytest.raises(PublishRejected, match="invalid_grant"):
            await env.oauth.exchange_code(
                env.http, code=answer["code"], redirect_uri=REDIRECT, code_verifier="x" * 50
            )


async def test_denied_consent_comes_back_as_access_denied(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        env.emulator.oauth.deny_consent = True
        answer = await consent(env, None, state="st-2")
    assert answer == {"error": "access_denied", "state": "st-2"}


async def test_refresh_keeps_the_refresh_token_google_does_not_resend(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        old = env.credentials.tokens
        refreshed = await env.oauth.refresh(env.http, old)
        identity = await env.oauth.identify(env.http, refreshed)
    assert refreshed.refresh_token is None  # the caller keeps the stored one
    assert refreshed.access_token != old.access_token
    assert identity.external_id == CHANNEL_ID


async def test_a_rotated_away_refresh_token_means_reconnect(tmp_path: Path) -> None:
    async with youtube_env(tmp_path, rotate_refresh_tokens=True) as env:
        old = env.credentials.tokens
        rotated = await env.oauth.refresh(env.http, old)
        assert rotated.refresh_token not in (None, old.refresh_token)
        with pytest.raises(ReconnectRequired, match="invalid_grant"):
            await env.oauth.refresh(env.http, old)


async def test_revoke_ends_the_grant(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        tokens = env.credentials.tokens
        assert await env.oauth.revoke(env.http, tokens) is True
        with pytest.raises(ReconnectRequired):
            await env.oauth.refresh(env.http, tokens)
        assert await env.oauth.revoke(env.http, tokens) is True  # already gone: still fine


async def test_a_channel_less_account_is_refused_by_identify(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        env.emulator.faults.raw(
            "channels", 200, {"kind": "youtube#channelListResponse", "items": []}
        )
        with pytest.raises(PublishRejected, match="no YouTube channel"):
            await env.oauth.identify(
                env.http, TokenSet(env.credentials.tokens.access_token, None, None)
            )
