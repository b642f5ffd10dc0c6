"""Who is calling: the token of a request (Bearer or OAuth header, or `access_token`), and
the 190 answers for a token the platform does not accept."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from .errors import token_error
from .state import Token, World


async def params(request: web.Request) -> dict[str, str]:
    """Query and form parameters together (Graph takes either)."""
    merged = dict(request.query)
    if request.content_type == "application/x-www-form-urlencoded":
        merged.update({key: str(value) for key, value in (await request.post()).items()})
    return merged


def token_value(request: web.Request, given: Mapping[str, str]) -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() in ("bearer", "oauth") and value.strip():
        return value.strip()
    return given.get("access_token")


def authorize(world: World, value: str | None) -> Token:
    token = world.tokens.get(value) if value else None
    if token is None:
        raise token_error(None, "Invalid OAuth access token - Cannot parse access token")
    if world.accounts[token.user_id].app_removed:
        raise token_error(
            458, "Error validating access token: The user has not authorized application."
        )
    if token.invalid_subcode is not None:
        raise token_error(
            token.invalid_subcode,
            "Error validating access token: The session has been invalidated.",
        )
    if world.clock.now() >= token.expires_at:
        stamp = token.expires_at.strftime("%A, %d-%b-%y %H:%M:%S UTC")
        raise token_error(463, f"Error validating access token: Session has expired on {stamp}.")
    return token


async def caller(world: World, request: web.Request) -> tuple[Token, dict[str, str]]:
    given = await params(request)
    return authorize(world, token_value(request, given)), given
