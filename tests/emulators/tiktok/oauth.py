"""Login Kit v2: the consent screen (auto-consent, or a denial), the token endpoint with
TikTok's hex PKCE and rotating refresh tokens, revocation, and /v2/user/info/."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from multidict import MultiDictProxy

from .replies import OPEN_ID, ApiError, OAuthError, oauth_error, ok
from .state import AuthCode, TikTokState


class OAuthApi:
    def __init__(self, state: TikTokState) -> None:
        self.state = state
        self.consenting_user: str | None = None  # None: the first user
        self.deny_consent = False

    async def authorize(self, request: web.Request) -> web.Response:
        query = request.query
        redirect_uri, state = query.get("redirect_uri", ""), query.get("state", "")
        if query.get("client_key") != self.state.client_key or not redirect_uri:
            return web.Response(status=400, text="invalid client_key or redirect_uri")
        if self.deny_consent:
            params = {"error": "access_denied", "error_description": "The user denied",
                      "state": state}  # fmt: skip
            raise web.HTTPFound(f"{redirect_uri}?{urlencode(params)}")
        open_id = self.consenting_user or next(iter(self.state.users))
        scope = tuple(s for s in query.get("scope", "").split(",") if s)
        code = secrets.token_urlsafe(16)
        challenge = query.get("code_challenge") if query.get("code_challenge_method") else None
        self.state.codes[code] = AuthCode(open_id, redirect_uri, scope, challenge)
        params = {"code": code, "scopes": ",".join(scope), "state": state}
        raise web.HTTPFound(f"{redirect_uri}?{urlencode(params)}")

    async def token(self, request: web.Request) -> web.Response:
        form = await request.post()
        try:
            self._check_client(str(form.get("client_key")), str(form.get("client_secret")))
            grant = form.get("grant_type")
            if grant == "authorization_code":
                return self._exchange(str(form.get("code")), form)
            if grant == "refresh_token":
                return self._refresh(str(form.get("refresh_token")))
            raise OAuthError(400, "unsupported_grant_type", f"grant_type {grant!r}")
        except OAuthError as error:
            return oauth_error(error)

    async def revoke(self, request: web.Request) -> web.Response:
        form = await request.post()
        try:
            self._check_client(str(form.get("client_key")), str(form.get("client_secret")))
        except OAuthError as error:
            return oauth_error(error)
        token = self.state.access.get(str(form.get("token")))
        if token is not None:
            self.kill_tokens(token.open_id)
        return web.json_response({})

    async def user_info(self, request: web.Request) -> web.Response:
        user = self.state.users[request[OPEN_ID]]
        fields = set(request.query.get("fields", "open_id").split(","))
        known = {"open_id": user.open_id, "union_id": "u." + user.open_id,
                 "display_name": user.nickname, "username": user.username}  # fmt: skip
        return ok({"user": {k: v for k, v in known.items() if k in fields}})

    def kill_tokens(self, open_id: str) -> None:
        for table in (self.state.access, self.state.refresh):
            for token in table.values():
                if token.open_id == open_id:
                    token.alive = False

    def bearer_user(self, header: str | None, scope: str | None) -> str:
        """The open_id a valid `Authorization: Bearer` acts for, or access_token_invalid."""
        token = self.state.access.get((header or "").removeprefix("Bearer "))
        if token is None or not token.alive or token.expires_at <= self.state.clock():
            raise ApiError(401, "access_token_invalid", "The access token is invalid or expired")
        if self.state.users[token.open_id].revoked:
            raise ApiError(401, "access_token_invalid", "The user revoked the authorization")
        if scope is not None and scope not in token.scope:
            raise ApiError(401, "scope_not_authorized", f"The user did not authorize {scope}")
        return token.open_id

    def _check_client(self, key: str, secret: str) -> None:
        if key != self.state.client_key or secret != self.state.client_secret:
            raise OAuthError(401, "invalid_client", "Client key or secret is invalid")

    def _exchange(self, code: str, form: MultiDictProxy[Any]) -> web.Response:
        grant = self.state.codes.get(code)
        if grant is None or grant.used or grant.redirect_uri != form.get("redirect_uri"):
            raise OAuthError(400, "invalid_grant", "Authorization code is expired or invalid")
        if grant.challenge is not None:
            verifier = str(form.get("code_verifier") or "")
            if hashlib.sha256(verifier.encode()).hexdigest() != grant.challenge:
                raise OAuthError(
                    400, "invalid_request", "Code verifier or code challenge is invalid."
                )
        grant.used = True
        return self._tokens(grant.open_id, grant.scope)

    def _refresh(self, refresh_token: str) -> web.Response:
        token = self.state.refresh.get(refresh_token)
        now = self.state.clock()
        if token is None or not token.alive or token.expires_at <= now:
            raise OAuthError(400, "invalid_grant", "Refresh token is invalid or expired")
        if self.state.users[token.open_id].revoked:
            raise OAuthError(400, "invalid_grant", "The user revoked the authorization")
        token.alive = False  # rotation: the old refresh token dies with this answer
        self.state.rotations += 1
        return self._tokens(token.open_id, token.scope)

    def _tokens(self, open_id: str, scope: tuple[str, ...]) -> web.Response:
        access, refresh = self.state.issue_tokens(open_id, scope)
        ttl = self.state.access[access].expires_at - self.state.clock()
        refresh_ttl = self.state.refresh[refresh].expires_at - self.state.clock()
        return web.json_response({
            "open_id": open_id, "scope": ",".join(scope), "access_token": access,
            "expires_in": int(ttl), "refresh_token": refresh,
            "refresh_expires_in": int(refresh_ttl), "token_type": "Bearer",
        })  # fmt: skip
