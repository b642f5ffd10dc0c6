"""Google OAuth 2.0 for a YouTube channel: consent with offline access (so a refresh token
comes back every time), the code exchange with PKCE, refresh (Google keeps the refresh token:
its answer usually has none), the channel the tokens act for, and revocation."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlencode

import aiohttp

from core.enums import Platform
from core.publisher_settings import YouTubeSettings
from publishers.base import Sleep
from publishers.errors import PublishRejected, ReconnectRequired
from publishers.http import bearer, send
from publishers.oauth import AccountIdentity, TokenSet
from publishers.youtube.replies import PROVIDER, raise_for_token_reply

SCOPES = (
    "https://www.googleapis.com/auth/youtube.upload",
    "https://www.googleapis.com/auth/youtube.readonly",
    "https://www.googleapis.com/auth/yt-analytics.readonly",
)
TOKEN_REFUSALS = (400, 401)


class YouTubeOAuth:
    platform: ClassVar[Platform] = Platform.YOUTUBE
    uses_pkce: ClassVar[bool] = True

    def __init__(
        self,
        settings: YouTubeSettings,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if not settings.client_id or settings.client_secret is None:
            raise ValueError("PUBLISHERS__YOUTUBE__CLIENT_ID and __CLIENT_SECRET are required")
        self.settings, self.client_id = settings, settings.client_id
        self._secret = settings.client_secret
        self.clock, self.sleep = clock, sleep

    def authorization_url(
        self, *, redirect_uri: str, state: str, code_challenge: str | None
    ) -> str:
        params = {
            "client_id": self.client_id, "redirect_uri": redirect_uri, "response_type": "code",
            "scope": " ".join(SCOPES), "state": state,
            # Without prompt=consent Google returns a refresh token on the first grant only.
            "access_type": "offline", "prompt": "consent", "include_granted_scopes": "true",
        }  # fmt: skip
        if code_challenge is not None:
            params |= {"code_challenge": code_challenge, "code_challenge_method": "S256"}
        return f"{self.settings.auth_url}?{urlencode(params)}"

    async def exchange_code(
        self, http: aiohttp.ClientSession, *, code: str, redirect_uri: str,
        code_verifier: str | None,
    ) -> TokenSet:  # fmt: skip
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        if code_verifier is not None:
            form["code_verifier"] = code_verifier
        return await self._token(http, form, refreshing=False)

    async def refresh(self, http: aiohttp.ClientSession, tokens: TokenSet) -> TokenSet:
        if not tokens.refresh_token:
            raise ReconnectRequired(provider=PROVIDER, reason="no refresh token stored")
        form = {"grant_type": "refresh_token", "refresh_token": tokens.refresh_token}
        return await self._token(http, form, refreshing=True)

    async def identify(self, http: aiohttp.ClientSession, tokens: TokenSet) -> AccountIdentity:
        reply = await send(
            http, "GET", f"{self.settings.api_url}/youtube/v3/channels",
            params={"part": "snippet", "mine": "true"}, headers=bearer(tokens.access_token),
            provider=PROVIDER, sleep=self.sleep,
        )  # fmt: skip
        items = (reply.json() or {}).get("items") or []
        if not items:  # a Google account without a YouTube channel (youtubeSignupRequired)
            raise PublishRejected(provider=PROVIDER, reason="the account has no YouTube channel")
        return AccountIdentity(external_id=items[0]["id"], name=items[0]["snippet"]["title"])

    async def revoke(self, http: aiohttp.ClientSession, tokens: TokenSet) -> bool:
        """Revoking either token ends the whole grant; an already dead one is fine too."""
        await send(
            http, "POST", self.settings.revoke_url,
            data={"token": tokens.refresh_token or tokens.access_token},
            provider=PROVIDER, sleep=self.sleep, accept=TOKEN_REFUSALS,
        )  # fmt: skip
        return True

    async def _token(
        self, http: aiohttp.ClientSession, form: dict[str, str], *, refreshing: bool
    ) -> TokenSet:
        credentials = {
            "client_id": self.client_id,
            "client_secret": self._secret.get_secret_value(),
        }
        reply = await send(
            http, "POST", self.settings.token_url, data={**form, **credentials},
            provider=PROVIDER, sleep=self.sleep, accept=TOKEN_REFUSALS,
        )  # fmt: skip
        if reply.status in TOKEN_REFUSALS:
            raise_for_token_reply(reply, refreshing=refreshing)
        body: dict[str, Any] = reply.json()
        expires_in = body.get("expires_in")
        expires_at = None if expires_in is None else self.clock() + timedelta(seconds=expires_in)
        return TokenSet(
            access_token=body["access_token"], refresh_token=body.get("refresh_token"),
            expires_at=expires_at, scope=body.get("scope"),
        )  # fmt: skip
