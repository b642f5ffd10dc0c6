"""GET /oauth/{platform}/start and /oauth/{platform}/callback: a consent, begun and ended.

The start route keeps the flow's nonce in a cookie of this browser; the callback refuses a
`state` whose nonce this browser does not hold (another person's consent).
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import WebDeps, web_deps
from api.pages import PRIVATE, browser_language, error_page, page
from core.account_errors import (
    ConnectAlreadyUsed,
    ConnectDenied,
    ConnectFailed,
    ConnectLinkExpired,
    ConnectOtherBrowser,
    PlatformNotOffered,
)
from core.enums import Platform
from core.errors import DomainError
from core.i18n import render
from core.platform_names import platform_name
from services import account_connect

router = APIRouter(prefix="/oauth")
Deps = Annotated[WebDeps, Depends(web_deps)]
STATUS: dict[type[DomainError], int] = {
    PlatformNotOffered: 404,
    ConnectLinkExpired: 410,
    ConnectOtherBrowser: 403,
    ConnectAlreadyUsed: 409,
    ConnectDenied: 200,
    ConnectFailed: 502,
}


def cookie_name(platform: Platform) -> str:
    return f"sf_oauth_{platform.value}"


@router.get("/{platform}/start")
async def start(platform: Platform, flow: str, request: Request, deps: Deps) -> Response:
    """Redirect to the platform's consent screen."""
    async with deps.sessionmaker() as session:
        try:
            consent = await account_connect.begin_connect(
                session, platform, flow, clients=deps.clients, web=deps.links, cipher=deps.cipher
            )
        except DomainError as error:
            language = await account_connect.state_language(session, flow, web=deps.links)
            return _failed(request, language, error)
    response = RedirectResponse(consent.url, status_code=302, headers=PRIVATE)
    response.set_cookie(
        cookie_name(platform),
        consent.nonce,
        max_age=deps.links.state_ttl_s,
        path=f"/oauth/{platform.value}/",
        httponly=True,
        secure=deps.links.public_url.startswith("https://"),
        samesite="lax",  # sent on the platform's top-level redirect back to us
    )
    return response


@router.get("/{platform}/callback")
async def callback(
    platform: Platform,
    request: Request,
    deps: Deps,
    *,
    state: str = "",
    code: str | None = None,
    error: str | None = None,
) -> HTMLResponse:
    """Store the account; a page in the person's language says how it went."""
    async with deps.sessionmaker() as session:
        language = await account_connect.state_language(session, state, web=deps.links)
        try:
            account = await account_connect.complete_connect(
                session,
                platform,
                state,
                code,
                clients=deps.clients,
                http=deps.http,
                cipher=deps.cipher,
                web=deps.links,
                browser_nonce=request.cookies.get(cookie_name(platform)),
                error=error,
                notifier=deps.notifier,
            )
        except DomainError as failure:
            return _failed(request, language, failure)
    language = language or browser_language(request)
    text = render(
        "connect-page-done", language, platform=platform_name(platform), name=account.name
    )
    response = page(language, render("connect-page-title", language), text)
    response.delete_cookie(cookie_name(platform), path=f"/oauth/{platform.value}/")
    return response


def _failed(request: Request, language: str | None, error: DomainError) -> HTMLResponse:
    status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)
    return error_page(language or browser_language(request), error, status)
