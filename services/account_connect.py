"""Connecting an account: the bot's link, the web app's start and callback.

1. `start_connect` (bot): a link to the web app, signed for the user and the platform.
2. `begin_connect` (web app's start route): checks that link, stores an `oauth_flows` row
   (a nonce, the PKCE verifier sealed) and returns the platform's consent URL, whose
   `state` is signed and names the nonce; the browser keeps the nonce in a cookie.
3. `complete_connect` (callback): the state's signature and expiry, the browser's nonce, the
   flow used once (a conditional UPDATE, committed before the code is exchanged), then the
   account stored with its sealed tokens and the owner told in the chat.
"""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiohttp
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.account_errors import (
    ChannelConnectsInBot,
    ConnectAlreadyUsed,
    ConnectDenied,
    ConnectFailed,
    ConnectLinkExpired,
    ConnectLinkInvalid,
    ConnectOtherBrowser,
    PlatformNotOffered,
)
from core.enums import AccountStatus, Platform
from core.errors import DomainError, NotFound
from core.platform_names import platform_name
from core.ports import AccountChange, AccountEvent, AccountNotifier
from core.signing import BadSignature, SignatureExpired
from core.token_cipher import TokenCipher
from db.models import SocialAccount
from db.queries import metric_collection, oauth_flows, social_accounts, users
from publishers.oauth import AccountIdentity, OAuthClient, TokenSet, pkce_pair
from services.web_links import WebLinks

log = structlog.get_logger(__name__)
START = "oauth-start"
STATE = "oauth-state"
OAuthClients = Mapping[Platform, OAuthClient]
STALE_FLOWS = timedelta(days=1)  # expired consents kept this long (a late replay: "used")


@dataclass(frozen=True, slots=True)
class ConsentStart:
    url: str  # the platform's consent screen
    nonce: str  # the browser keeps it (a cookie) and shows it back at the callback


def _client(clients: OAuthClients, platform: Platform) -> OAuthClient:
    client = clients.get(platform)
    if client is None:
        raise PlatformNotOffered(platform=platform_name(platform))
    return client


def _verify(web: WebLinks, purpose: str, token: str, platform: Platform) -> dict[str, Any]:
    try:
        payload = web.signer.verify(purpose, token)
    except SignatureExpired:
        raise ConnectLinkExpired from None
    except BadSignature as error:
        raise ConnectLinkInvalid(reason=str(error)) from None
    if payload.get("pl") != platform.value or not isinstance(payload.get("u"), int):
        raise ConnectLinkInvalid(reason="signed for another platform")
    return payload


async def start_connect(
    session: AsyncSession, user_id: int, platform: Platform, *, clients: OAuthClients,
    web: WebLinks,
) -> str:  # fmt: skip
    """The web app's link that connects a `platform` account to the user (the bot shows it).

    Raises PlatformNotOffered when the server has no app for the platform, and
    ChannelConnectsInBot for Telegram (a channel is connected by making the bot its admin).
    """
    if platform is Platform.TELEGRAM:
        raise ChannelConnectsInBot
    _client(clients, platform)
    if await users.get_user(session, user_id) is None:
        raise NotFound(what="user")
    return connect_link(web, user_id, platform)


def connect_link(web: WebLinks, user_id: int, platform: Platform) -> str:
    """The signed start link itself (also the reconnect link `DbCredentials` sends)."""
    flow = web.signer.sign(START, {"u": user_id, "pl": platform.value}, ttl_s=web.state_ttl_s)
    return web.start_url(platform, flow)


async def begin_connect(
    session: AsyncSession, platform: Platform, flow: str, *, clients: OAuthClients,
    web: WebLinks, cipher: TokenCipher,
) -> ConsentStart:  # fmt: skip
    """A consent in progress for the link's user: its row committed, the platform's URL."""
    client = _client(clients, platform)
    user_id = _verify(web, START, flow, platform)["u"]
    verifier, challenge = pkce_pair() if client.uses_pkce else (None, None)
    nonce = secrets.token_urlsafe(24)
    await oauth_flows.delete_stale(session, user_id, before=web.now() - STALE_FLOWS)
    await oauth_flows.add_flow(
        session,
        user_id,
        platform,
        nonce=nonce,
        code_verifier=None if verifier is None else cipher.seal(verifier),
        expires_at=web.now() + timedelta(seconds=web.state_ttl_s),
    )
    await session.commit()
    state = web.signer.sign(
        STATE, {"u": user_id, "pl": platform.value, "n": nonce}, ttl_s=web.state_ttl_s
    )
    url = client.authorization_url(
        redirect_uri=web.callback_url(platform), state=state, code_challenge=challenge
    )
    log.info("connect.begin", user_id=user_id, platform=platform.value)
    return ConsentStart(url=url, nonce=nonce)


async def complete_connect(
    session: AsyncSession, platform: Platform, state: str, code: str | None, *,
    clients: OAuthClients, http: aiohttp.ClientSession, cipher: TokenCipher, web: WebLinks,
    browser_nonce: str | None, error: str | None = None,
    notifier: AccountNotifier | None = None,
) -> SocialAccount:  # fmt: skip
    """The account the consent granted, stored (a reconnect replaces its tokens, ACTIVE).

    Raises ConnectLinkInvalid / ConnectLinkExpired (the state), ConnectOtherBrowser,
    ConnectAlreadyUsed (a replay), ConnectDenied (the person said no), ConnectFailed.
    """
    client = _client(clients, platform)
    payload = _verify(web, STATE, state, platform)
    user_id, nonce = payload["u"], str(payload.get("n", ""))
    flow = await oauth_flows.get_flow(session, user_id, nonce)
    if flow is None or flow.platform is not platform:
        raise ConnectLinkInvalid(reason="no such consent")
    if flow.used_at is not None:
        raise ConnectAlreadyUsed
    if not browser_nonce or not secrets.compare_digest(browser_nonce, nonce):
        raise ConnectOtherBrowser
    if not await oauth_flows.use_flow(session, user_id, nonce, now=web.now()):
        raise ConnectAlreadyUsed
    await session.commit()  # used before the code is spent: a replay finds it used
    if error is not None or not code:
        raise ConnectDenied(platform=platform_name(platform), reason=error or "no code")
    verifier = None if flow.code_verifier is None else cipher.open(flow.code_verifier)
    try:
        tokens = await client.exchange_code(
            http, code=code, redirect_uri=web.callback_url(platform), code_verifier=verifier
        )
        identity = await client.identify(http, tokens)
    except DomainError as failure:
        log.warning("connect.failed", user_id=user_id, platform=platform.value, error=failure)
        raise ConnectFailed(platform=platform_name(platform), reason=str(failure)) from failure
    account = await _store(session, user_id, platform, identity, tokens=tokens, cipher=cipher)
    if account.id is not None:  # a reconnect: its posts' metrics are read again
        await metric_collection.rearm_account_reads(session, user_id, account.id, now=web.now())
    await session.commit()
    log.info("connect.done", user_id=user_id, platform=platform.value, account_id=account.id)
    if notifier is not None:
        event = AccountEvent(user_id, account.id, platform, account.name, AccountChange.CONNECTED)
        await notifier.account(event)
    return account


async def _store(
    session: AsyncSession, user_id: int, platform: Platform, identity: AccountIdentity, *,
    tokens: TokenSet, cipher: TokenCipher,
) -> SocialAccount:  # fmt: skip
    external_id = identity.external_id
    account = await social_accounts.find_account(session, user_id, platform, external_id)
    if account is None:
        account = SocialAccount(user_id=user_id, platform=platform, external_id=external_id)
        session.add(account)
    account.name = identity.name[:256]
    account.status = AccountStatus.ACTIVE
    account.access_token = cipher.seal(tokens.access_token)
    account.refresh_token = (
        None if tokens.refresh_token is None else cipher.seal(tokens.refresh_token)
    )
    account.expires_at, account.scope = tokens.expires_at, tokens.scope
    account.refresh_owner = account.refresh_until = None
    return account


async def state_language(session: AsyncSession, state: str | None, *, web: WebLinks) -> str | None:
    """The language of the person a state or flow link was signed for (expired or not), for
    the web app's pages; None when it is not ours."""
    for purpose in (STATE, START):
        try:
            payload = web.signer.verify(purpose, state or "", allow_expired=True)
        except BadSignature:
            continue
        user = await users.get_user(session, payload.get("u", 0))
        return None if user is None else user.language
    return None
