"""X's OAuth 2.0 Authorization Code flow with PKCE (x.md, 1.1), for a confidential client:
the token and revoke endpoints take HTTP Basic auth with the client's id and secret.

Access tokens live 2 hours; `offline.access` brings a refresh token, and every refresh
returns a new one while the old one stops working (rotation: the token keeper must store the
new one before anything else, under its single-flight lock). A refused refresh token
(`invalid_request` or `invalid_grant`, 400) means the account must be connected again.
"""

import asyncio
import base64
import time
from datetime import UTC, datetime
from typing import ClassVar
from urllib.parse import quote, urlencode

import aiohttp

from core.enums import Platform
from core.publisher_settings import XSettings
from publishers.base import Sleep
from publishers.errors import PublishRejected, ReconnectRequired
from publishers.http import Reply, bearer, send
from publishers.oauth import AccountIdentity, TokenSet
from publishers.x.calls import PROVIDER, Clock, describe

SCOPES = ("tweet.read", "tweet.write", "users.read", "media.write", "offline.access")
REFUSED_GRANT = frozenset({"invalid_request", "invalid_grant"})
BAD_REQUEST, UNAUTHORIZED = 400, 401


class XOAuthClient:
    platform: ClassVar[Platform] = Platform.X
    uses_pkce: ClassVar[bool] = True

    def __init__(
        self,
        client_id: str,
        client_secret: str | None,
        *,
        auth_url: str,
        api_url: str,
        clock: Clock = time.time,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.client_id = client_id
        self._secret = client_secret
        self.auth_url = auth_url
        self.api_url = api_url.rstrip("/")
        self._clock = clock
        self._sleep = sleep

    @classmethod
    def from_settings(cls, settings: XSettings) -> "XOAuthClient":
        if settings.client_id is None:
            raise ValueError("PUBLISHERS__X__CLIENT_ID is not set")
        secret = settings.client_secret
        return cls(
            settings.client_id, secret.get_secret_value() if secret else None,
            auth_url=settings.auth_url, api_url=settings.api_url,
        )  # fmt: skip

    def authorization_url(
        self, *, redirect_uri: str, state: str, code_challenge: str | None
    ) -> str:
        if code_challenge is None:
            raise ValueError("X requires PKCE: pass the S256 code challenge")
        query = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": redirect_uri,
            "scope": " ".join(SCOPES),
            "state": state,
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
        return f"{self.auth_url}?{urlencode(query, quote_via=quote)}"

    async def exchange_code(
        self, http: aiohttp.ClientSession, *, code: str, redirect_uri: str,
        code_verifier: str | None,
    ) -> TokenSet:  # fmt: skip
        if code_verifier is None:
            raise ValueError("X requires PKCE: pass the code verifier")
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
            "client_id": self.client_id,
        }
        reply = await self._post_form(http, "/2/oauth2/token", form)
        if reply.status >= BAD_REQUEST:
            raise PublishRejected(provider=PROVIDER, reason=describe(reply))
        return self._tokens(reply)

    async def refresh(self, http: aiohttp.ClientSession, tokens: TokenSet) -> TokenSet:
        if tokens.refresh_token is None:
            raise ReconnectRequired(provider=PROVIDER, reason="no refresh token (offline.access)")
        form = {
            "grant_type": "refresh_token",
            "refresh_token": tokens.refresh_token,
            "client_id": self.client_id,
        }
        reply = await self._post_form(http, "/2/oauth2/token", form)
        if reply.status == BAD_REQUEST and _oauth_error(reply) in REFUSED_GRANT:
            raise ReconnectRequired(provider=PROVIDER, reason=describe(reply))
        if reply.status >= BAD_REQUEST:
            raise PublishRejected(provider=PROVIDER, reason=describe(reply))
        return self._tokens(reply)

    async def identify(self, http: aiohttp.ClientSession, tokens: TokenSet) -> AccountIdentity:
        reply = await send(
            http, "GET", f"{self.api_url}/2/users/me", provider=PROVIDER, sleep=self._sleep,
            headers=bearer(tokens.access_token),
        )  # fmt: skip
        user = reply.json()["data"]
        return AccountIdentity(external_id=str(user["id"]), name=f"@{user['username']}")

    async def revoke(self, http: aiohttp.ClientSession, tokens: TokenSet) -> bool:
        """Revokes the refresh token (the grant) and the access token. A token X no longer
        knows is already as good as revoked."""
        pairs = [(tokens.refresh_token, "refresh_token"), (tokens.access_token, "access_token")]
        for token, hint in pairs:
            if token is None:
                continue
            form = {"token": token, "token_type_hint": hint, "client_id": self.client_id}
            reply = await self._post_form(http, "/2/oauth2/revoke", form)
            if reply.status == UNAUTHORIZED:  # our client credentials, not the token
                raise PublishRejected(provider=PROVIDER, reason=describe(reply))
        return True

    async def _post_form(
        self, http: aiohttp.ClientSession, path: str, form: dict[str, str]
    ) -> Reply:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if self._secret is not None:
            pair = f"{self.client_id}:{self._secret}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        return await send(
            http, "POST", self.api_url + path, provider=PROVIDER, sleep=self._sleep,
            accept=(BAD_REQUEST, UNAUTHORIZED), data=urlencode(form), headers=headers,
        )  # fmt: skip

    def _tokens(self, reply: Reply) -> TokenSet:
        body = reply.json()
        expires_in = body.get("expires_in")
        expires_at = (
            datetime.fromtimestamp(self._clock() + float(expires_in), UTC)
            if expires_in is not None
            else None
        )
        return TokenSet(
            access_token=str(body["access_token"]),
            refresh_token=body.get("refresh_token"),
            expires_at=expires_at,
            scope=body.get("scope"),
        )


def _oauth_error(reply: Reply) -> str:
    try:
        body = reply.json()
    except ValueError:
        return ""
    return str(body.get("error", "")) if isinstance(body, dict) else ""
