"""TikTok Login Kit v2: consent URL, code exchange with PKCE, rotating refresh, identity,
revocation (tiktok.md, 1).

TikTok's PKCE challenge is the SHA-256 of the verifier in hex, not RFC 7636's base64url
(Login Kit for Desktop; publishing-anchors.md, 0.4), so the challenge the web app makes with
`pkce_pair` is re-encoded here: both are the same digest.
"""

import asyncio
import base64
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlencode

import aiohttp

from core.enums import Platform
from core.publisher_settings import TikTokSettings
from publishers.base import Sleep
from publishers.errors import PublishRejected, PublishUnavailable, ReconnectRequired
from publishers.http import Reply, bearer, send
from publishers.oauth import AccountIdentity, TokenSet
from publishers.tiktok.wire import CLIENT_ERRORS, PROVIDER, Clock, read_envelope, to_publish_error

# Direct Post needs video.publish; video.upload is the inbox variant; video.list lets the
# reconciler and analytics find posts.
SCOPES = ("user.info.basic", "video.publish", "video.upload", "video.list")
TOKEN_PATH = "/v2/oauth/token/"  # noqa: S105 (a path)
REVOKE_PATH = "/v2/oauth/revoke/"
USER_INFO_PATH = "/v2/user/info/"


def tiktok_challenge(code_challenge: str) -> str:
    """RFC 7636's base64url S256 challenge as TikTok's hex one (the same SHA-256)."""
    padded = code_challenge + "=" * (-len(code_challenge) % 4)
    return base64.urlsafe_b64decode(padded).hex()


def utc_now() -> datetime:
    return datetime.now(UTC)


class TikTokOAuth:
    platform: ClassVar[Platform] = Platform.TIKTOK
    uses_pkce: ClassVar[bool] = True

    def __init__(
        self, settings: TikTokSettings, *, sleep: Sleep = asyncio.sleep, clock: Clock = utc_now
    ) -> None:
        if settings.client_id is None or settings.client_secret is None:
            raise ValueError("PUBLISHERS__TIKTOK__CLIENT_ID and __CLIENT_SECRET are needed")
        self._key = settings.client_id
        self._secret = settings.client_secret
        self._auth_url = settings.auth_url
        self._api = settings.api_url.rstrip("/")
        self._sleep = sleep
        self._clock = clock

    def authorization_url(
        self, *, redirect_uri: str, state: str, code_challenge: str | None
    ) -> str:
        params = {
            "client_key": self._key,
            "scope": ",".join(SCOPES),
            "response_type": "code",
            "redirect_uri": redirect_uri,
            "state": state,
        }
        if code_challenge is not None:
            params["code_challenge"] = tiktok_challenge(code_challenge)
            params["code_challenge_method"] = "S256"
        return f"{self._auth_url}?{urlencode(params)}"

    async def exchange_code(
        self, http: aiohttp.ClientSession, *, code: str, redirect_uri: str,
        code_verifier: str | None,
    ) -> TokenSet:  # fmt: skip
        form = {"code": code, "grant_type": "authorization_code", "redirect_uri": redirect_uri}
        if code_verifier is not None:
            form["code_verifier"] = code_verifier
        return await self._token(http, form)

    async def refresh(self, http: aiohttp.ClientSession, tokens: TokenSet) -> TokenSet:
        if tokens.refresh_token is None:
            raise ReconnectRequired(provider=PROVIDER, reason="no refresh token stored")
        form = {"grant_type": "refresh_token", "refresh_token": tokens.refresh_token}
        return await self._token(http, form)

    async def identify(self, http: aiohttp.ClientSession, tokens: TokenSet) -> AccountIdentity:
        reply = await send(
            http, "GET", self._api + USER_INFO_PATH, provider=PROVIDER, sleep=self._sleep,
            accept=CLIENT_ERRORS, params={"fields": "open_id,union_id,display_name"},
            headers=bearer(tokens.access_token),
        )  # fmt: skip
        data, error = read_envelope(reply)
        if error is not None:
            raise to_publish_error(error, self._clock())
        user = data.get("user") or {}
        return AccountIdentity(str(user["open_id"]), str(user.get("display_name") or ""))

    async def revoke(self, http: aiohttp.ClientSession, tokens: TokenSet) -> bool:
        form = {**self._client_form(), "token": tokens.access_token}
        await send(
            http, "POST", self._api + REVOKE_PATH, provider=PROVIDER, sleep=self._sleep,
            data=form,
        )  # fmt: skip
        return True

    def _client_form(self) -> dict[str, str]:
        return {"client_key": self._key, "client_secret": self._secret.get_secret_value()}

    async def _token(self, http: aiohttp.ClientSession, form: Mapping[str, str]) -> TokenSet:
        # A refresh whose answer is lost after TikTok rotated leaves only a dead refresh
        # token: the retry then meets invalid_grant, and the account must be reconnected.
        reply = await send(
            http, "POST", self._api + TOKEN_PATH, provider=PROVIDER, sleep=self._sleep,
            accept=CLIENT_ERRORS, data={**self._client_form(), **form},
        )  # fmt: skip
        body = _json_object(reply)
        if "error" in body and "access_token" not in body:
            raise _oauth_error(reply.status, body)
        now = self._clock()
        expires_in = body.get("expires_in")
        return TokenSet(
            access_token=str(body["access_token"]),
            refresh_token=body.get("refresh_token"),
            expires_at=now + timedelta(seconds=int(expires_in)) if expires_in else None,
            scope=body.get("scope"),
        )


def _json_object(reply: Reply) -> dict[str, Any]:
    try:
        body = reply.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise PublishUnavailable(provider=PROVIDER, reason=f"HTTP {reply.status}: not JSON")
    return body


def _oauth_error(status: int, body: Mapping[str, Any]) -> Exception:
    """OAuth errors are `{error, error_description, log_id}`; invalid_grant means the refresh
    token was rotated away, expired or revoked."""
    code = str(body.get("error"))
    reason = f"HTTP {status} {code}: {body.get('error_description', '')}"
    if code == "invalid_grant":
        return ReconnectRequired(provider=PROVIDER, reason=reason)
    return PublishRejected(provider=PROVIDER, reason=reason)
