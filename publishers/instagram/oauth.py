"""Instagram Login (Business Login for Instagram): consent at instagram.com, the code for a
short-lived token at api.instagram.com, that for a 60-day token (`ig_exchange_token`), and
`ig_refresh_token` for a new 60-day token once the current one is a day old. No PKCE and no
revocation call: the user removes the app in Instagram's settings (instagram.md §1)."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlencode

import aiohttp

from core.enums import Platform
from core.publisher_settings import InstagramSettings
from publishers.base import Sleep
from publishers.errors import ReconnectRequired
from publishers.http import bearer, send
from publishers.instagram.graph import CLIENT_ERRORS, json_object
from publishers.instagram.graph_errors import PROVIDER, graph_error
from publishers.oauth import AccountIdentity, TokenSet

SCOPES = (
    "instagram_business_basic",
    "instagram_business_content_publish",
    "instagram_business_manage_insights",
)


class InstagramOAuth:
    platform: ClassVar[Platform] = Platform.INSTAGRAM
    uses_pkce: ClassVar[bool] = False

    def __init__(self, settings: InstagramSettings, *, sleep: Sleep = asyncio.sleep) -> None:
        if settings.client_id is None or settings.client_secret is None:
            raise ValueError("Instagram needs PUBLISHERS__INSTAGRAM__CLIENT_ID and _SECRET")
        self.settings = settings
        self.client_id = settings.client_id
        self._secret = settings.client_secret
        self.sleep = sleep

    def authorization_url(
        self, *, redirect_uri: str, state: str, code_challenge: str | None
    ) -> str:
        query = {"client_id": self.client_id, "redirect_uri": redirect_uri,
                 "response_type": "code", "scope": ",".join(SCOPES), "state": state}  # fmt: skip
        return f"{self.settings.auth_url}?{urlencode(query)}"

    async def exchange_code(
        self, http: aiohttp.ClientSession, *, code: str, redirect_uri: str,
        code_verifier: str | None,
    ) -> TokenSet:  # fmt: skip
        """The code for a short-lived token, that at once for a 60-day one."""
        secret = self._secret.get_secret_value()
        form = {"client_id": self.client_id, "client_secret": secret,
                "grant_type": "authorization_code", "redirect_uri": redirect_uri,
                "code": code.removesuffix("#_")}  # fmt: skip
        body = await self._call(http, "POST", self.settings.token_url, data=form)
        rows = body.get("data")  # Business Login wraps the token in a list
        short = rows[0] if isinstance(rows, list) and rows else body
        params = {"grant_type": "ig_exchange_token", "client_secret": secret,
                  "access_token": str(short["access_token"])}  # fmt: skip
        url = f"{self.settings.graph_url}/access_token"
        return _token_set(await self._call(http, "GET", url, params=params))

    async def refresh(self, http: aiohttp.ClientSession, tokens: TokenSet) -> TokenSet:
        """The current long-lived token (a day old at least) buys a new one; there is no
        separate refresh token."""
        params = {"grant_type": "ig_refresh_token", "access_token": tokens.access_token}
        url = f"{self.settings.graph_url}/refresh_access_token"
        return _token_set(await self._call(http, "GET", url, params=params))

    async def identify(self, http: aiohttp.ClientSession, tokens: TokenSet) -> AccountIdentity:
        """`user_id` is the professional account's ID that publishing uses (`id` is
        app-scoped)."""
        url = f"{self.settings.graph_url}/{self.settings.graph_version}/me"
        body = await self._call(
            http, "GET", url, params={"fields": "user_id,username"},
            headers=bearer(tokens.access_token),
        )  # fmt: skip
        return AccountIdentity(str(body["user_id"]), f"@{body['username']}")

    async def revoke(self, http: aiohttp.ClientSession, tokens: TokenSet) -> bool:
        return False  # Instagram Login has no revocation call

    async def _call(
        self, http: aiohttp.ClientSession, method: str, url: str, **kwargs: Any
    ) -> dict[str, Any]:
        """A refusal is for good (a bad code, a lapsed or invalidated token, a removed
        app): the account must be connected again. Throttling and outages stay transient."""
        reply = await send(
            http, method, url, provider=PROVIDER, sleep=self.sleep, accept=CLIENT_ERRORS,
            **kwargs,
        )  # fmt: skip
        if reply.status < CLIENT_ERRORS[0]:
            return json_object(reply)
        error = graph_error(reply)
        if error.transient:
            raise error
        raise ReconnectRequired(provider=PROVIDER, reason=str(error.params.get("reason")))


def _token_set(body: dict[str, Any]) -> TokenSet:
    expires_in = body.get("expires_in")
    expires_at = (
        datetime.now(UTC) + timedelta(seconds=int(expires_in))
        if isinstance(expires_in, int | float) else None
    )  # fmt: skip
    return TokenSet(str(body["access_token"]), None, expires_at)
