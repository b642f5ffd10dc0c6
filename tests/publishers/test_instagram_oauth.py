"""Instagram Login against the emulator: consent, code -> 60-day token, identity, refresh
and every way a refresh is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from publishers.errors import PublishRateLimited, ReconnectRequired
from publishers.oauth import TokenSet
from tests.emulators.instagram import CLIENT_ID, USER_ID
from tests.publishers.instagram_kit import Kit, instagram

REDIRECT = "https://factory.example/oauth/instagram"


async def consent(kit: Kit, state: str = "st-1") -> dict[str, list[str]]:
    url = kit.oauth.authorization_url(redirect_uri=REDIRECT, state=state, code_challenge=None)
    async with kit.http.get(url, allow_redirects=False) as response:
        assert response.status == 302
        location = response.headers["Location"]
    assert location.startswith(REDIRECT + "?")
    return parse_qs(urlsplit(location).query)


async def connect(kit: Kit) -> TokenSet:
    code = (await consent(kit))["code"][0]
    return await kit.oauth.exchange_code(
        kit.http, code=code, redirect_uri=REDIRECT, code_verifier=None
    )


async def test_authorization_url_asks_for_publishing_scopes(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        url = kit.oauth.authorization_url(redirect_uri=REDIRECT, state="s", code_challenge="x")
        query = parse_qs(urlsplit(url).query)
        assert url.startswith(kit.settings.auth_url + "?")
        assert query["client_id"] == [CLIENT_ID]
        assert query["response_type"] == ["code"]
        assert "instagram_business_content_publish" in query["scope"][0].split(",")
        assert "code_challenge" not in query  # Instagram Login has no PKCE
        assert kit.oauth.uses_pkce is False


async def test_code_becomes_a_long_lived_token_and_an_identity(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        answer = await consent(kit, state="abc")
        assert answer["state"] == ["abc"]
        tokens = await connect_with(kit, answer["code"][0])
        assert tokens.refresh_token is None  # the token itself is what refreshes
        assert tokens.expires_at is not None
        assert tokens.expires_at > datetime.now(UTC) + timedelta(days=59)
        stored = kit.emulator.world.tokens[tokens.access_token]
        assert stored.long_lived
        assert kit.emulator.requests.count("exchange") == 1
        exchange = kit.emulator.requests.last("oauth_token")
        assert exchange.field_value("grant_type") == "authorization_code"
        assert exchange.field_value("redirect_uri") == REDIRECT
        identity = await kit.oauth.identify(kit.http, tokens)
        assert identity.external_id == USER_ID
        assert identity.name == "@shorts.factory"
        assert repr(tokens).count(tokens.access_token) == 0


async def connect_with(kit: Kit, code: str) -> TokenSet:
    return await kit.oauth.exchange_code(
        kit.http, code=code, redirect_uri=REDIRECT, code_verifier=None
    )


async def test_denied_consent_redirects_with_an_error(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        kit.emulator.deny_next_consent()
        answer = await consent(kit, state="s2")
        assert answer["error"] == ["access_denied"]
        assert answer["state"] == ["s2"]
        assert "code" not in answer


async def test_a_used_code_or_another_redirect_uri_is_refused(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        code = (await consent(kit))["code"][0]
        with pytest.raises(ReconnectRequired):
            await kit.oauth.exchange_code(
                kit.http, code=code, redirect_uri=REDIRECT + "/x", code_verifier=None
            )
        await connect_with(kit, code)
        with pytest.raises(ReconnectRequired):
            await connect_with(kit, code)


async def test_refresh_a_day_old_token(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        tokens = await connect(kit)
        with pytest.raises(ReconnectRequired):  # younger than 24 h: Instagram refuses
            await kit.oauth.refresh(kit.http, tokens)
        kit.emulator.advance(hours=25)
        fresh = await kit.oauth.refresh(kit.http, tokens)
        assert fresh.access_token != tokens.access_token
        assert kit.emulator.requests.last("refresh").param("grant_type") == "ig_refresh_token"
        identity = await kit.oauth.identify(kit.http, fresh)
        assert identity.external_id == USER_ID


@pytest.mark.parametrize("subcode", [467, 460, 458])
async def test_a_replaced_or_invalidated_token_needs_reconnecting(
    tmp_path: Path, subcode: int
) -> None:
    async with instagram(tmp_path) as kit:
        old = TokenSet(kit.emulator.issue_token(), None, None)
        await kit.oauth.refresh(kit.http, old)
        kit.emulator.invalidate_token(old.access_token, subcode)
        with pytest.raises(ReconnectRequired, match=f"#190/{subcode}"):
            await kit.oauth.refresh(kit.http, old)


async def test_a_lapsed_token_or_a_removed_app_needs_reconnecting(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        lapsed = TokenSet(kit.emulator.issue_token(), None, None)
        kit.emulator.expire_token(lapsed.access_token)
        with pytest.raises(ReconnectRequired, match="#190/463"):
            await kit.oauth.refresh(kit.http, lapsed)
        other = TokenSet(kit.emulator.issue_token(), None, None)
        kit.emulator.revoke_app()
        with pytest.raises(ReconnectRequired, match="#190/458"):
            await kit.oauth.identify(kit.http, other)


async def test_throttled_refresh_is_not_a_reconnect(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        tokens = TokenSet(kit.emulator.issue_token(), None, None)
        kit.emulator.faults.throttled("refresh", regain_minutes=30, times=6)
        with pytest.raises(PublishRateLimited) as raised:
            await kit.oauth.refresh(kit.http, tokens)
        assert raised.value.retry_after_s == 1800
        assert kit.emulator.requests.count("refresh") == 1  # a 30 min wait ends the try


async def test_revoke_is_not_offered(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        tokens = TokenSet(kit.emulator.issue_token(), None, None)
        assert await kit.oauth.revoke(kit.http, tokens) is False
        assert len(kit.emulator.requests) == 0
