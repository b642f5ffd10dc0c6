"""Accounts with real tokens from the OAuth2 emulator, for the token keeper's tests."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import AccountStatus, Platform
from core.token_cipher import TokenCipher
from db.models import SocialAccount
from db.queries import users
from publishers.oauth import TokenSet, pkce_pair
from tests.emulators.oauth2 import EmulatorOAuthClient

REDIRECT = "http://127.0.0.1:1/oauth/youtube/callback"


async def granted_tokens(http: aiohttp.ClientSession, client: EmulatorOAuthClient) -> TokenSet:
    """A consent on the emulator and its code exchanged, as the web app would."""
    verifier, challenge = pkce_pair()
    url = client.authorization_url(redirect_uri=REDIRECT, state="s", code_challenge=challenge)
    async with http.get(url, allow_redirects=False) as response:
        code = parse_qs(urlsplit(response.headers["Location"]).query)["code"][0]
    return await client.exchange_code(
        http, code=code, redirect_uri=REDIRECT, code_verifier=verifier
    )


async def add_account(
    sessionmaker: async_sessionmaker[AsyncSession], cipher: TokenCipher, tokens: TokenSet, *,
    telegram_id: int, expired: bool = True,
) -> SocialAccount:  # fmt: skip
    """A user with an ACTIVE account holding `tokens`, due for refresh when `expired`."""
    async with sessionmaker() as session:
        user = await users.get_or_create_user(session, telegram_id, "Owner", "en")
        expires = datetime.now(UTC) + (timedelta(minutes=-1) if expired else timedelta(hours=1))
        account = SocialAccount(
            user_id=user.id,
            platform=Platform.YOUTUBE,
            external_id=f"ext-{telegram_id}",
            name="Channel",
            status=AccountStatus.ACTIVE,
            access_token=cipher.seal(tokens.access_token),
            refresh_token=None
            if tokens.refresh_token is None
            else cipher.seal(tokens.refresh_token),
            expires_at=expires,
            scope=tokens.scope,
        )
        session.add(account)
        await session.commit()
        return account
