"""TikTok Login Kit against the emulator: the consent URL, the code exchange with TikTok's
hex PKCE, refresh with rotation, identity, revocation."""

import hashlib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from publishers.errors import PublishRejected, ReconnectRequired
from publishers.oauth import pkce_pair
from tests.emulators.tiktok import CLIENT_KEY
from tests.publishers.tiktok_rig import Rig, tiktok_rig

REDIRECT = "https://shorts.example.com/oauth/tiktok/callback"


async def consent(rig: Rig, challenge: str | None) -> dict[str, list[str]]:
    url = rig.oauth.authorization_url(
        redirect_uri=REDIRECT, state="st-1", code_challenge=challenge
    )
    async with rig.http.get(url, allow_redirects=False) as response:
        assert response.status == 302
        location = response.headers["Location"]
    assert location.startswith(REDIRECT + "?")
    return parse_qs(urlsplit(location).query)


async def test_authorization_url_has_client_key_scopes_and_hex_pkce(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        verifier, challenge = pkce_pair()
        url = rig.oauth.authorization_url(
            redirect_uri=REDIRECT, state="st-1", code_challenge=challenge
        )
        query = parse_qs(urlsplit(url).query)
        assert query["client_key"] == [CLIENT_KEY]
        assert query["scope"] == ["user.info.basic,video.publish,video.upload,video.list"]
        assert query["response_type"] == ["code"]
        assert query["code_challenge_method"] == ["S256"]
        assert query["code_challenge"] == [hashlib.sha256(verifier.encode()).hexdigest()]


async def test_exchange_with_pkce_then_identify(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        verifier, challenge = pkce_pair()
        query = await consent(rig, challenge)
        assert query["state"] == ["st-1"]
        tokens = await rig.oauth.exchange_code(
            rig.http, code=query["code"][0], redirect_uri=REDIRECT, code_verifier=verifier
        )
        assert tokens.refresh_token is not None
        assert tokens.expires_at is not None
        assert (tokens.expires_at - rig.clock()).total_seconds() == pytest.approx(7200, abs=1)
        identity = await rig.oauth.identify(rig.http, tokens)
        assert (identity.external_id, identity.name) == ("open.creator1", "Creator One")
        exchange = rig.emulator.to("token")[0]
        assert exchange.status == 200


async def test_a_wrong_verifier_or_a_reused_code_is_refused(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        verifier, challenge = pkce_pair()
        code = (await consent(rig, challenge))["code"][0]
        with pytest.raises(PublishRejected, match="Code verifier"):
            await rig.oauth.exchange_code(
                rig.http, code=code, redirect_uri=REDIRECT, code_verifier=verifier + "x"
            )
        await rig.oauth.exchange_code(
            rig.http, code=code, redirect_uri=REDIRECT, code_verifier=verifier
        )
        with pytest.raises(ReconnectRequired, match="invalid_grant"):
            await rig.oauth.exchange_code(
                rig.http, code=code, redirect_uri=REDIRECT, code_verifier=verifier
            )


async def test_a_denied_consent_redirects_with_access_denied(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        rig.emulator.oauth.deny_consent = True
        query = await consent(rig, None)
        assert query["error"] == ["access_denied"]
        assert "code" not in query


async def test_refresh_rotates_and_the_old_refresh_token_then_means_reconnect(
    tmp_path: Path,
) -> None:
    async with tiktok_rig(tmp_path) as rig:
        old = rig.credentials.tokens
        new = await rig.oauth.refresh(rig.http, old)
        assert new.refresh_token not in (None, old.refresh_token)
        assert new.access_token != old.access_token
        assert rig.emulator.state.rotations == 1
        with pytest.raises(ReconnectRequired, match="invalid_grant"):
            await rig.oauth.refresh(rig.http, old)
        await rig.oauth.refresh(rig.http, new)  # the newest one still works


async def test_revoke_kills_the_grant(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        tokens = rig.credentials.tokens
        assert await rig.oauth.revoke(rig.http, tokens) is True
        with pytest.raises(ReconnectRequired):
            await rig.oauth.refresh(rig.http, tokens)
        with pytest.raises(Exception, match="access_token_invalid"):
            await rig.oauth.identify(rig.http, tokens)
