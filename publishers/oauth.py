"""The OAuth side of a platform: the consent URL, code exchange, refresh, who the account
is, and revocation. The web app (api/) drives the first two; the token keeper
(services.account_tokens) the refresh; the bot's disconnect the revocation.

Telegram channels have no OAuth (the bot posts as an admin), so they have no OAuthClient.
"""

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Protocol

import aiohttp

from core.enums import Platform


@dataclass(frozen=True, slots=True)
class TokenSet:
    access_token: str
    refresh_token: str | None  # None: keep the one stored (Google usually sends none)
    expires_at: datetime | None  # None: does not expire (or the platform did not say)
    scope: str | None = None

    def __repr__(self) -> str:  # never a token in a traceback or a log
        return f"TokenSet(expires_at={self.expires_at!r}, scope={self.scope!r})"


@dataclass(frozen=True, slots=True)
class AccountIdentity:
    external_id: str  # the platform's stable ID of the account
    name: str  # what the user recognises: a channel title, @handle, nickname


class OAuthClient(Protocol):
    platform: ClassVar[Platform]
    uses_pkce: ClassVar[bool]

    def authorization_url(
        self, *, redirect_uri: str, state: str, code_challenge: str | None
    ) -> str:
        """The platform's consent screen, with the scopes publishing needs."""

    async def exchange_code(
        self, http: aiohttp.ClientSession, *, code: str, redirect_uri: str,
        code_verifier: str | None,
    ) -> TokenSet:  # fmt: skip
        """Tokens for the code the consent screen returned (long-lived where the platform
        has an exchange for that, as Instagram's)."""

    async def refresh(self, http: aiohttp.ClientSession, tokens: TokenSet) -> TokenSet:
        """New tokens; raises ReconnectRequired when the platform refuses for good
        (`invalid_grant` and the platform's equivalents)."""

    async def identify(self, http: aiohttp.ClientSession, tokens: TokenSet) -> AccountIdentity:
        """The account the tokens act for."""

    async def revoke(self, http: aiohttp.ClientSession, tokens: TokenSet) -> bool:
        """Revoke the grant where the platform allows it; False where it has no such call."""


def pkce_pair() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge) as RFC 7636 section 4 defines them."""
    verifier = secrets.token_urlsafe(64)[:96]
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return verifier, challenge
