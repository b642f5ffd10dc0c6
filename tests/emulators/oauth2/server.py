"""The authorization server: consent, token endpoint, userinfo, revocation.

- GET  /authorize: the consent screen, answered at once for `emu.person` (or refused when
  `emu.deny` is set): 302 to `redirect_uri` with `code` and `state` (or `error`).
- POST /token: `authorization_code` (the redirect URI and the PKCE S256 verifier checked,
  a code used once) and `refresh_token` (with `rotate_refresh`, the old refresh token dies
  when a new one is issued, as TikTok and X do). Errors are RFC 6749 5.2 JSON.
- GET  /userinfo: `{"sub", "name"}` for a valid Bearer access token; 401 otherwise.
- POST /revoke: RFC 7009, 200 whatever the token.

`ledger` counts what happened; `advance(seconds)` moves the server's clock.
"""

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from typing import Any, Self
from urllib.parse import urlencode

from aiohttp import web

CLIENT_ID = "emulator-client"
CLIENT_SECRET = "emulator-secret"  # noqa: S105 (a test value)


@dataclass(frozen=True, slots=True)
class Person:
    sub: str
    name: str


@dataclass
class Grant:
    person: Person
    scope: str
    refresh_token: str
    access_tokens: dict[str, float] = field(default_factory=dict)  # token -> expires (clock)


@dataclass
class Ledger:
    authorizations: int = 0
    code_exchanges: int = 0
    refreshes: int = 0
    refused_refreshes: int = 0
    revoked: list[str] = field(default_factory=list)


class OAuth2Emulator:
    def __init__(self, *, access_ttl_s: int = 3600, rotate_refresh: bool = True) -> None:
        self.access_ttl_s, self.rotate_refresh = access_ttl_s, rotate_refresh
        self.person = Person("user-1", "First Channel")
        self.deny = False
        self.ledger = Ledger()
        self.offset = 0.0
        self.codes: dict[str, dict[str, Any]] = {}
        self.grants: dict[str, Grant] = {}  # by refresh token (current ones only)
        self.base_url = ""
        self.app = web.Application()
        self.app.router.add_get("/authorize", self.authorize)
        self.app.router.add_post("/token", self.token)
        self.app.router.add_get("/userinfo", self.userinfo)
        self.app.router.add_post("/revoke", self.revoke)
        self._runner: web.AppRunner | None = None

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    def revoke_all(self) -> None:
        """The person removed the app: every refresh and access token dies."""
        self.grants.clear()

    async def __aenter__(self) -> Self:
        self._runner = web.AppRunner(self.app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # -- routes ---------------------------------------------------------------------------
    async def authorize(self, request: web.Request) -> web.Response:
        query = request.query
        redirect_uri, state = query.get("redirect_uri", ""), query.get("state", "")
        if query.get("client_id") != CLIENT_ID or not redirect_uri:
            return web.Response(status=400, text="unknown client or no redirect_uri")
        if self.deny:
            params = {"error": "access_denied", "state": state}
            raise web.HTTPFound(f"{redirect_uri}?{urlencode(params)}")
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": redirect_uri,
            "challenge": query.get("code_challenge"),
            "method": query.get("code_challenge_method"),
            "scope": query.get("scope", ""),
            "person": self.person,
        }
        self.ledger.authorizations += 1
        raise web.HTTPFound(f"{redirect_uri}?{urlencode({'code': code, 'state': state})}")

    async def token(self, request: web.Request) -> web.Response:
        form = await request.post()
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return _error(401, "invalid_client")
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            return self._exchange(form)
        if grant_type == "refresh_token":
            return self._refresh(str(form.get("refresh_token", "")))
        return _error(400, "unsupported_grant_type")

    def _exchange(self, form: Any) -> web.Response:
        issued = self.codes.pop(str(form.get("code", "")), None)
        if issued is None or issued["redirect_uri"] != form.get("redirect_uri"):
            return _error(400, "invalid_grant")
        if issued["challenge"] is not None:
            verifier = str(form.get("code_verifier", ""))
            digest = hashlib.sha256(verifier.encode("ascii")).digest()
            expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
            matches = secrets.compare_digest(expected, issued["challenge"])
            if issued["method"] != "S256" or not matches:
                return _error(400, "invalid_grant")
        self.ledger.code_exchanges += 1
        grant = Grant(issued["person"], issued["scope"], secrets.token_urlsafe(24))
        self.grants[grant.refresh_token] = grant
        return self._tokens(grant, with_refresh=True)

    def _refresh(self, refresh_token: str) -> web.Response:
        grant = self.grants.get(refresh_token)
        if grant is None:
            self.ledger.refused_refreshes += 1
            return _error(400, "invalid_grant")
        self.ledger.refreshes += 1
        if self.rotate_refresh:
            del self.grants[refresh_token]
            grant.refresh_token = secrets.token_urlsafe(24)
            self.grants[grant.refresh_token] = grant
        return self._tokens(grant, with_refresh=self.rotate_refresh)

    def _tokens(self, grant: Grant, *, with_refresh: bool) -> web.Response:
        access = secrets.token_urlsafe(24)
        grant.access_tokens[access] = self.now() + self.access_ttl_s
        body: dict[str, Any] = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": self.access_ttl_s,
            "scope": grant.scope,
        }
        if with_refresh:
            body["refresh_token"] = grant.refresh_token
        return web.json_response(body, headers={"Cache-Control": "no-store"})

    def person_of(self, access_token: str) -> Person | None:
        for grant in self.grants.values():
            expires = grant.access_tokens.get(access_token)
            if expires is not None and expires > self.now():
                return grant.person
        return None

    async def userinfo(self, request: web.Request) -> web.Response:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        person = self.person_of(token) if scheme == "Bearer" else None
        if person is None:
            return _error(401, "invalid_token")
        return web.json_response({"sub": person.sub, "name": person.name})

    async def revoke(self, request: web.Request) -> web.Response:
        token = str((await request.post()).get("token", ""))
        self.ledger.revoked.append(token)
        for refresh, grant in list(self.grants.items()):
            if token == refresh or token in grant.access_tokens:
                del self.grants[refresh]
        return web.Response(status=200)


def _error(status: int, error: str) -> web.Response:
    return web.json_response({"error": error}, status=status)
