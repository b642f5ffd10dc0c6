"""Google OAuth 2.0 as the emulator plays it: consent (auto, or denied), the token endpoint
(code exchange with PKCE, refresh), revocation. Refresh tokens are stable by default, as
Google's; `rotate_refresh_tokens` makes each refresh issue a new one and kill the old."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

from aiohttp import web

from ..openai.common import ServiceError

INVALID_GRANT = "Token has been expired or revoked."


@dataclass
class Grant:
    """One consent: a refresh token and the access tokens minted from it."""

    channel_id: str
    scope: str
    refresh_token: str
    revoked: bool = False
    access_tokens: dict[str, datetime] = field(default_factory=dict)  # token -> expires at


@dataclass
class PendingCode:
    grant_scope: str
    redirect_uri: str
    challenge: str | None
    channel_id: str


class GoogleOAuth:
    def __init__(
        self, client_id: str, client_secret: str, channel_id: str, *,
        now: Callable[[], datetime], token_ttl_s: int, rotate_refresh_tokens: bool,
    ) -> None:  # fmt: skip
        self.client_id, self.client_secret = client_id, client_secret
        self.channel_id = channel_id
        self.now, self.token_ttl_s = now, token_ttl_s
        self.rotate = rotate_refresh_tokens
        self.deny_consent = False
        self.codes: dict[str, PendingCode] = {}
        self.grants: list[Grant] = []
        self.dead_refresh_tokens: set[str] = set()  # rotated away
        self.refreshes = 0

    # -- control --------------------------------------------------------------------
    def issue_grant(self, scope: str = "https://www.googleapis.com/auth/youtube.upload") -> Grant:
        """A consent given out of band (tests that start with a connected account)."""
        grant = Grant(self.channel_id, scope, "1//" + secrets.token_urlsafe(24))
        self.grants.append(grant)
        return grant

    def access_token(self, grant: Grant) -> tuple[str, int]:
        token = "ya29." + secrets.token_urlsafe(24)
        grant.access_tokens[token] = self.now() + timedelta(seconds=self.token_ttl_s)
        return token, self.token_ttl_s

    def expire_access_tokens(self) -> None:
        for grant in self.grants:
            for token in grant.access_tokens:
                grant.access_tokens[token] = self.now() - timedelta(seconds=1)

    def revoke_app(self) -> None:
        """The user removed the app in their Google account: every grant dies."""
        for grant in self.grants:
            grant.revoked = True

    def channel_for(self, token: str) -> str | None:
        for grant in self.grants:
            expires = grant.access_tokens.get(token)
            if expires is not None and not grant.revoked and expires > self.now():
                return grant.channel_id
        return None

    # -- handlers -------------------------------------------------------------------
    async def authorize(self, request: web.Request) -> web.Response:
        query = request.query
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or not redirect_uri:
            raise ServiceError(400, "invalid_request", "Error 400: invalid_request",
                               detail={"error": "invalid_client"})  # fmt: skip
        params = {"state": query.get("state", "")}
        if self.deny_consent:
            params["error"] = "access_denied"
        else:
            challenge = query.get("code_challenge")
            if challenge and query.get("code_challenge_method") != "S256":
                raise ServiceError(400, "invalid_request", "S256 only",
                                   detail={"error": "invalid_request"})  # fmt: skip
            code = "4/" + secrets.token_urlsafe(16)
            scope = query.get("scope", "")
            self.codes[code] = PendingCode(scope, redirect_uri, challenge, self.channel_id)
            params |= {"code": code, "scope": scope}
        return web.Response(
            status=302, headers={"Location": f"{redirect_uri}?{urlencode(params)}"}
        )

    async def token(self, request: web.Request) -> web.Response:
        form = await request.post()
        if (
            form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
        ):
            raise _oauth_error(401, "invalid_client", "The OAuth client was not found.")
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            return self._exchange(str(form.get("code", "")), str(form.get("redirect_uri", "")),
                                  form.get("code_verifier"))  # fmt: skip
        if grant_type == "refresh_token":
            return self._refresh(str(form.get("refresh_token", "")))
        raise _oauth_error(400, "unsupported_grant_type", "Invalid grant_type")

    def _exchange(self, code: str, redirect_uri: str, verifier: object) -> web.Response:
        pending = self.codes.pop(code, None)
        if pending is None or pending.redirect_uri != redirect_uri:
            raise _oauth_error(400, "invalid_grant", "Malformed auth code.")
        if pending.challenge is not None and (
            not isinstance(verifier, str) or _s256(verifier) != pending.challenge
        ):
            raise _oauth_error(400, "invalid_grant", "Invalid code verifier.")
        grant = self.issue_grant(pending.grant_scope)
        token, ttl = self.access_token(grant)
        return web.json_response({
            "access_token": token, "expires_in": ttl, "refresh_token": grant.refresh_token,
            "scope": grant.scope, "token_type": "Bearer",
        })  # fmt: skip

    def _refresh(self, refresh_token: str) -> web.Response:
        grant = next((g for g in self.grants if g.refresh_token == refresh_token), None)
        if grant is None or grant.revoked:
            raise _oauth_error(400, "invalid_grant", INVALID_GRANT)
        self.refreshes += 1
        token, ttl = self.access_token(grant)
        body: dict[str, object] = {
            "access_token": token, "expires_in": ttl, "scope": grant.scope,
            "token_type": "Bearer",
        }  # fmt: skip
        if self.rotate:
            self.dead_refresh_tokens.add(grant.refresh_token)
            grant.refresh_token = body["refresh_token"] = "1//" + secrets.token_urlsafe(24)
        return web.json_response(body)

    async def revoke(self, request: web.Request) -> web.Response:
        """Google revokes the whole grant whichever of its tokens is given."""
        form = await request.post()
        token = str(form.get("token") or request.query.get("token", ""))
        for grant in self.grants:
            if token == grant.refresh_token or token in grant.access_tokens:
                grant.revoked = True
                return web.json_response({})
        raise _oauth_error(400, "invalid_token", "Token expired or revoked")


def _oauth_error(status: int, error: str, description: str) -> ServiceError:
    return ServiceError(status, error, description,
                        detail={"error": error, "error_description": description})  # fmt: skip


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
