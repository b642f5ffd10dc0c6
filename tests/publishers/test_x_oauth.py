"""XOAuthClient against the X emulator: consent with PKCE, code exchange with Basic auth,
rotating refresh tokens, identity and revocation."""

from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from publishers.errors import PublishRejected, ReconnectRequired, TokenRejected
from publishers.oauth import TokenSet, pkce_pair
from publishers.x import SCOPES, XOAuthClient
from tests.emulators.x import CLIENT_ID, CLIENT_SECRET, DEFAULT_USER, XEmulator

REDIRECT = "https://shorts.example/oauth/x/callback"


@pytest.fixture
async def emulator() -> AsyncIterator[XEmulator]:
    async with XEmulator() as emu:
        yield emu
        emu.assert_no_internal_errors()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def client_for(emulator: XEmulator, secret: str | None = CLIENT_SECRET) -> XOAuthClient:
    return XOAuthClient(
        CLIENT_ID, secret, auth_url=emulator.auth_url, api_url=emulator.base_url,
        clock=emulator.now,
    )  # fmt: skip


async def consent(http: aiohttp.ClientSession, url: str) -> dict[str, str]:
    """The browser's trip: the consent screen redirects back to us; the query it carries."""
    async with http.get(url, allow_redirects=False) as response:
        assert response.status == 302
        location = response.headers["Location"]
    assert location.startswith(REDIRECT + "?")
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


async def connect(emulator: XEmulator, http: aiohttp.ClientSession) -> TokenSet:
    client = client_for(emulator)
    verifier, challenge = pkce_pair()
    url = client.authorization_url(redirect_uri=REDIRECT, state="s1", code_challenge=challenge)
    back = await consent(http, url)
    return await client.exchange_code(
        http, code=back["code"], redirect_uri=REDIRECT, code_verifier=verifier
    )


async def test_authorization_url_asks_for_publishing_scopes_with_s256(
    emulator: XEmulator,
) -> None:
    url = client_for(emulator).authorization_url(
        redirect_uri=REDIRECT, state="st", code_challenge="ch"
    )

    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == emulator.auth_url
    assert "scope=tweet.read%20tweet.write" in url  # spaces as %20, as X documents
    assert parse_qs(parts.query) == {
        "response_type": ["code"],
        "client_id": [CLIENT_ID],
        "redirect_uri": [REDIRECT],
        "scope": [" ".join(SCOPES)],
        "state": ["st"],
        "code_challenge": ["ch"],
        "code_challenge_method": ["S256"],
    }
    with pytest.raises(ValueError, match="PKCE"):
        client_for(emulator).authorization_url(
            redirect_uri=REDIRECT, state="s", code_challenge=None
        )


async def test_code_exchange_with_pkce_gives_two_hour_tokens(
    emulator: XEmulator, http: aiohttp.ClientSession
) -> None:
    tokens = await connect(emulator, http)

    assert tokens.refresh_token is not None
    assert tokens.expires_at is not None
    assert abs(tokens.expires_at.timestamp() - (emulator.now() + 7200)) < 5
    assert set((tokens.scope or "").split()) == set(SCOPES)
    exchange = emulator.requests.last("token")
    assert exchange.header("authorization") == "<redacted>"  # Basic, never in the record
    assert exchange.form["grant_type"] == ["authorization_code"]
    assert "code_verifier" in exchange.form


async def test_a_wrong_verifier_or_a_replayed_code_is_refused(
    emulator: XEmulator, http: aiohttp.ClientSession
) -> None:
    client = client_for(emulator)
    verifier, challenge = pkce_pair()
    url = client.authorization_url(redirect_uri=REDIRECT, state="s", code_challenge=challenge)
    code = (await consent(http, url))["code"]

    with pytest.raises(PublishRejected, match="authorization code was invalid"):
        await client.exchange_code(
            http, code=code, redirect_uri=REDIRECT, code_verifier=pkce_pair()[0]
        )
    with pytest.raises(PublishRejected):  # a code is used once, right or wrong
        await client.exchange_code(http, code=code, redirect_uri=REDIRECT, code_verifier=verifier)


async def test_a_denied_consent_comes_back_as_an_error(
    emulator: XEmulator, http: aiohttp.ClientSession
) -> None:
    emulator.oauth.deny_consent = True
    url = client_for(emulator).authorization_url(
        redirect_uri=REDIRECT, state="s9", code_challenge=pkce_pair()[1]
    )

    assert await consent(http, url) == {"error": "access_denied", "state": "s9"}


async def test_the_token_endpoint_needs_the_client_secret(
    emulator: XEmulator, http: aiohttp.ClientSession
) -> None:
    tokens = await connect(emulator, http)
    with pytest.raises(PublishRejected, match="authorization header"):
        await client_for(emulator, "wrong").refresh(http, tokens)


async def test_refresh_rotates_and_the_old_refresh_token_is_dead(
    emulator: XEmulator, http: aiohttp.ClientSession
) -> None:
    client = client_for(emulator)
    first = await connect(emulator, http)

    second = await client.refresh(http, first)

    assert second.refresh_token not in (None, first.refresh_token)
    assert second.access_token != first.access_token
    with pytest.raises(ReconnectRequired, match="invalid"):
        await client.refresh(http, first)
    assert (await client.refresh(http, second)).refresh_token != second.refresh_token


async def test_identify_reads_users_me(emulator: XEmulator, http: aiohttp.ClientSession) -> None:
    tokens = await connect(emulator, http)

    identity = await client_for(emulator).identify(http, tokens)

    assert identity.external_id == DEFAULT_USER.id
    assert identity.name == "@shorts_maker"


async def test_revoke_ends_the_grant(emulator: XEmulator, http: aiohttp.ClientSession) -> None:
    client = client_for(emulator)
    tokens = await connect(emulator, http)

    assert await client.revoke(http, tokens) is True

    with pytest.raises(TokenRejected):
        await client.identify(http, tokens)
    with pytest.raises(ReconnectRequired):
        await client.refresh(http, tokens)
    assert [r.form["token_type_hint"] for r in emulator.requests.to("revoke")] == [
        ["refresh_token"],
        ["access_token"],
    ]


async def test_an_expired_access_token_is_refused(
    emulator: XEmulator, http: aiohttp.ClientSession
) -> None:
    tokens = await connect(emulator, http)
    emulator.advance(7201)

    with pytest.raises(TokenRejected):
        await client_for(emulator).identify(http, tokens)
