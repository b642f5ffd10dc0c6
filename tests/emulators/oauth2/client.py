"""An `OAuthClient` for the emulator: what a platform's client does, on the plain RFC 6749
wire (it stands for the platform, not for our code)."""

from datetime import UTC, datetime, timedelta
from typing import ClassVar
from urllib.parse import urlencode

import aiohttp

from core.enums import Platform
from publishers.errors import PublishRejected, PublishUnavailable, ReconnectRequired
from publishers.oauth import AccountIdentity, TokenSet
from tests.emulators.oauth2.server import CLIENT_ID, CLIENT_SECRET


class EmulatorOAuthClient:
    platform: ClassVar[Platform] = Platform.YOUTUBE
    uses_pkce: ClassVar[bool] = True

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def authorization_url(
        self, *, redirect_uri: str, state: str, code_challenge: str | None
    ) -> str:
        params = {
            "response_type": "code",
            "client_id": CLIENT_ID,
            "redirect_uri": redirect_uri,
            "state": state,
            "scope": "upload",
        }
        if code_challenge is not None:
            params |= {"code_challenge": code_challenge, "code_challenge_method": "S256"}
        return f"{self.base_url}/authorize?{urlencode(params)}"

    async def exchange_code(
        self, http: aiohttp.ClientSession, *, code: str, redirect_uri: str,
        code_verifier: str | None,
    ) -> TokenSet:  # fmt: skip
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        if code_verifier is not None:
            form["code_verifier"] = code_verifier
        return await self._token(http, form, previous_refresh=None)

    async def refresh(self, http: aiohttp.ClientSession, tokens: TokenSet) -> TokenSet:
        form = {"grant_type": "refresh_token", "refresh_token": tokens.refresh_token or ""}
        return await self._token(http, form, previous_refresh=tokens.refresh_token)

    async def _token(
        self, http: aiohttp.ClientSession, form: dict[str, str], previous_refresh: str | None
    ) -> TokenSet:
        form |= {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
        async with http.post(f"{self.base_url}/token", data=form) as response:
            body = await response.json()
        if response.status >= 500:
            raise PublishUnavailable(provider="emulator", reason=str(response.status))
        if response.status != 200:
            error = str(body.get("error"))
            if error == "invalid_grant" and previous_refresh is not None:
                raise ReconnectRequired(provider="emulator", reason=error)
            raise PublishRejected(provider="emulator", reason=error)
        expires = datetime.now(UTC) + timedelta(seconds=int(body["expires_in"]))
        return TokenSet(
            access_token=body["access_token"],
            refresh_token=body.get("refresh_token") or previous_refresh,
            expires_at=expires,
            scope=body.get("scope"),
        )

    async def identify(self, http: aiohttp.ClientSession, tokens: TokenSet) -> AccountIdentity:
        headers = {"Authorization": f"Bearer {tokens.access_token}"}
        async with http.get(f"{self.base_url}/userinfo", headers=headers) as response:
            body = await response.json()
        if response.status != 200:
            raise PublishRejected(provider="emulator", reason=str(body.get("error")))
        return AccountIdentity(external_id=body["sub"], name=body["name"])

    async def revoke(self, http: aiohttp.ClientSession, tokens: TokenSet) -> bool:
        token = tokens.refresh_token or tokens.access_token
        async with http.post(f"{self.base_url}/revoke", data={"token": token}) as response:
            return response.status == 200
