"""Instagram Login: the consent screen, code -> short-lived token, ig_exchange_token ->
long-lived token, ig_refresh_token, and /me (instagram.md §1)."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from .access import authorize, caller, params
from .errors import bad_param, oauth_refusal, token_error
from .state import CODE_TTL, REFRESH_MIN_AGE, Code, World

SCOPES = ("instagram_business_basic", "instagram_business_content_publish")


class OAuthRoutes:
    def __init__(self, world: World, client_id: str, client_secret: str) -> None:
        self.world = world
        self.client_id = client_id
        self.client_secret = client_secret
        self.consenting_user: str | None = None  # None: the first account
        self.deny_next = False

    async def authorize(self, request: web.Request) -> web.Response:
        query = request.query
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or not redirect_uri:
            raise bad_param("Invalid platform app")
        if query.get("response_type") != "code":
            raise bad_param("response_type must be code")
        state = {"state": query["state"]} if "state" in query else {}
        if self.deny_next:
            self.deny_next = False
            answer = {"error": "access_denied", "error_reason": "user_denied",
                      "error_description": "Permissions error"}  # fmt: skip
            return _redirect(redirect_uri, answer | state)
        if not set(SCOPES) <= set(query.get("scope", "").split(",")):
            raise bad_param("Invalid scope")
        user_id = self.consenting_user or next(iter(self.world.accounts))
        code = secrets.token_urlsafe(24)
        expires = self.world.clock.now() + CODE_TTL
        self.world.codes[code] = Code(user_id, self.client_id, redirect_uri, expires)
        return _redirect(redirect_uri, {"code": code} | state, fragment="#_")

    async def code_exchange(self, request: web.Request) -> web.Response:
        form = await params(request)
        app = (form.get("client_id"), form.get("client_secret"))
        if app != (self.client_id, self.client_secret):
            raise oauth_refusal("Invalid platform app")
        if form.get("grant_type") != "authorization_code":
            raise oauth_refusal("Unsupported grant type")
        code = self.world.codes.get(form.get("code", "").removesuffix("#_"))
        if code is None or code.used or self.world.clock.now() > code.expires_at:
            raise oauth_refusal("Invalid authorization code")
        if code.redirect_uri != form.get("redirect_uri"):
            raise oauth_refusal("Error validating verification code. Please make sure your "
                                "redirect_uri is identical to the one you used in the OAuth "
                                "dialog request")  # fmt: skip
        code.used = True
        token = self.world.issue_token(code.user_id, long_lived=False)
        row = {"access_token": token.value, "user_id": code.user_id,
               "permissions": ",".join(SCOPES)}  # fmt: skip
        return web.json_response({"data": [row]})

    async def long_lived(self, request: web.Request) -> web.Response:
        query = request.query
        if query.get("grant_type") != "ig_exchange_token":
            raise bad_param("Unsupported grant_type")
        if query.get("client_secret") != self.client_secret:
            raise bad_param("Error validating client secret.")
        short = authorize(self.world, query.get("access_token"))
        if short.long_lived:
            raise bad_param("The access token is already long-lived")
        token = self.world.issue_token(short.user_id, long_lived=True)
        return web.json_response(_token_body(token.value, token.expires_at, self.world))

    async def refresh(self, request: web.Request) -> web.Response:
        query = request.query
        if query.get("grant_type") != "ig_refresh_token":
            raise bad_param("Unsupported grant_type")
        old = authorize(self.world, query.get("access_token"))
        if not old.long_lived:
            raise token_error(None, "Only long-lived access tokens can be refreshed")
        if self.world.clock.now() - old.issued_at < REFRESH_MIN_AGE:
            raise bad_param("The access token can be refreshed 24 hours after it was issued")
        token = self.world.issue_token(old.user_id, long_lived=True)
        return web.json_response(_token_body(token.value, token.expires_at, self.world))

    async def me(self, request: web.Request) -> web.Response:
        token, given = await caller(self.world, request)
        account = self.world.accounts[token.user_id]
        values = {"id": f"app-scoped-{account.user_id}", "user_id": account.user_id,
                  "username": account.username, "account_type": "BUSINESS"}  # fmt: skip
        return web.json_response(select(values, given.get("fields", "id")))


def select(values: dict[str, Any], fields: str) -> dict[str, Any]:
    wanted = [name.strip() for name in fields.split(",") if name.strip()]
    return {name: values[name] for name in wanted if name in values} | {"id": values["id"]}


def _token_body(value: str, expires_at: Any, world: World) -> dict[str, Any]:
    seconds = int((expires_at - world.clock.now()).total_seconds())
    return {"access_token": value, "token_type": "bearer", "expires_in": seconds}


def _redirect(uri: str, query: dict[str, str], fragment: str = "") -> web.Response:
    joiner = "&" if "?" in uri else "?"
    location = uri + joiner + urlencode(query) + fragment
    return web.Response(status=302, headers={"Location": location})
