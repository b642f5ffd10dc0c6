"""X's OAuth 2.0 routes (x.md 1.1): consent with PKCE, the token endpoint (code exchange and
rotating refresh), revocation, and `GET /2/users/me`.

Token-endpoint errors are `{"error", "error_description"}`; a rotated-away or revoked refresh
token gets 400 `invalid_request` "Value passed for the token was invalid." as X answers.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import urlencode

from aiohttp import web

from ..openai.common import ServiceError
from .state import ACCESS_TTL_S, CODE_TTL_S, AuthCode, Grant, XState

KNOWN_SCOPES = frozenset(
    {"tweet.read", "tweet.write", "users.read", "media.write", "offline.access",
     "follows.read", "like.read", "like.write"}
)  # fmt: skip


def oauth_error(status: int, error: str, description: str) -> ServiceError:
    return ServiceError(
        status, error, description, detail={"error": error, "error_description": description}
    )


class OAuthApi:
    def __init__(self, state: XState) -> None:
        self.state = state
        self.deny_consent = False
        self.consent_user_id: str | None = None  # None: the first user

    async def authorize(self, request: web.Request) -> web.Response:
        """Consents at once as `consent_user_id` (or refuses, `deny_consent`) and sends the
        browser back to `redirect_uri` with `code` and `state`, or `error`."""
        query = request.query
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.state.client_id or not redirect_uri:
            raise ServiceError(400, "invalid_client", "Something went wrong: unknown client")
        scopes = frozenset(query.get("scope", "").split())
        valid = (
            query.get("response_type") == "code"
            and query.get("code_challenge")
            and query.get("code_challenge_method") == "S256"
            and scopes
            and scopes <= KNOWN_SCOPES
        )
        back = {"state": query.get("state", "")}
        if not valid:
            back["error"] = "invalid_request"
        elif self.deny_consent:
            back["error"] = "access_denied"
        else:
            user_id = self.consent_user_id or next(iter(self.state.users))
            code = secrets.token_urlsafe(24)
            self.state.codes[code] = AuthCode(
                code, user_id, redirect_uri, query["code_challenge"], scopes,
                self.state.clock.now() + CODE_TTL_S,
            )  # fmt: skip
            back["code"] = code
        return web.Response(status=302, headers={"Location": f"{redirect_uri}?{urlencode(back)}"})

    async def token(self, request: web.Request) -> web.Response:
        form = await request.post()
        self._check_client(request, str(form.get("client_id", "")))
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            grant = self._exchange(
                str(form.get("code", "")),
                str(form.get("redirect_uri", "")),
                str(form.get("code_verifier", "")),
            )
        elif grant_type == "refresh_token":
            found = self.state.grant_for_refresh(str(form.get("refresh_token", "")))
            if found is None:
                raise oauth_error(
                    400, "invalid_request", "Value passed for the token was invalid."
                )
            grant = self.state.rotate(found)
        else:
            raise oauth_error(400, "unsupported_grant_type", "Grant type is not supported.")
        return web.json_response(_token_body(grant))

    async def revoke(self, request: web.Request) -> web.Response:
        form = await request.post()
        self._check_client(request, str(form.get("client_id", "")))
        token = str(form.get("token", ""))
        for grant in self.state.grants:
            if token in (grant.access_token, grant.refresh_token):
                grant.revoked = True
        return web.json_response({"revoked": True})

    async def me(self, request: web.Request) -> web.Response:
        grant = self.state.grant_for_access(_bearer(request))
        assert grant is not None  # the route's token check passed
        user = self.state.users[grant.user_id]
        return web.json_response({"data": {"id": user.id, "name": user.name,
                                           "username": user.username}})  # fmt: skip

    def _exchange(self, code: str, redirect_uri: str, verifier: str) -> Grant:
        found = self.state.codes.get(code)
        invalid = oauth_error(
            400, "invalid_request", "Value passed for the authorization code was invalid."
        )
        if found is None or found.used or found.expires_at < self.state.clock.now():
            raise invalid
        found.used = True
        digest = hashlib.sha256(verifier.encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if found.redirect_uri != redirect_uri or challenge != found.challenge:
            raise invalid
        return self.state.issue_grant(found.user_id, found.scopes)

    def _check_client(self, request: web.Request, client_id: str) -> None:
        if client_id and client_id != self.state.client_id:
            raise oauth_error(400, "invalid_request", "Missing valid client_id.")
        if self.state.client_secret is None:
            return
        pair = f"{self.state.client_id}:{self.state.client_secret}".encode()
        expected = "Basic " + base64.b64encode(pair).decode()
        if request.headers.get("Authorization") != expected:
            raise oauth_error(401, "unauthorized_client", "Missing valid authorization header")


def _token_body(grant: Grant) -> dict[str, object]:
    body: dict[str, object] = {
        "token_type": "bearer",
        "expires_in": ACCESS_TTL_S,
        "access_token": grant.access_token,
        "scope": " ".join(sorted(grant.scopes)),
    }
    if grant.refresh_token is not None:
        body["refresh_token"] = grant.refresh_token
    return body


def _bearer(request: web.Request) -> str:
    return request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
