"""Listing and disconnecting accounts: revoked at the platform, tokens wiped, and another
user's account is not found (and left alone)."""

from collections.abc import AsyncIterator

import aiohttp
import pytest
from account_support import add_account, granted_tokens
from cryptography.fernet import Fernet
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import AccountStatus, Platform
from core.errors import NotFound
from core.token_cipher import TokenCipher
from db.models import SocialAccount
from services.social_accounts import disconnect_account, list_accounts
from tests.emulators.oauth2 import EmulatorOAuthClient, OAuth2Emulator


@pytest.fixture
async def platform() -> AsyncIterator[OAuth2Emulator]:
    async with OAuth2Emulator() as emulator:
        yield emulator


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def test_disconnect_revokes_and_wipes_only_the_owners_account(
    sessionmaker: async_sessionmaker[AsyncSession],
    platform: OAuth2Emulator,
    http: aiohttp.ClientSession,
) -> None:
    cipher = TokenCipher([Fernet.generate_key().decode()])
    client = EmulatorOAuthClient(platform.base_url)
    clients = {Platform.YOUTUBE: client}
    tokens = await granted_tokens(http, client)
    mine = await add_account(sessionmaker, cipher, tokens, telegram_id=801)
    theirs = await add_account(
        sessionmaker, cipher, await granted_tokens(http, client), telegram_id=802
    )
    async with sessionmaker() as session:
        with pytest.raises(NotFound):
            await disconnect_account(
                session, mine.user_id, theirs.id, clients=clients, http=http, cipher=cipher
            )
        assert [a.id for a in await list_accounts(session, theirs.user_id)] == [theirs.id]
        done = await disconnect_account(
            session, mine.user_id, mine.id, clients=clients, http=http, cipher=cipher
        )
        assert done.status is AccountStatus.DISCONNECTED
        assert await list_accounts(session, mine.user_id) == []
    async with sessionmaker() as session:
        row = await session.get(SocialAccount, mine.id)
        other = await session.get(SocialAccount, theirs.id)
    assert row is not None
    assert other is not None
    assert (row.access_token, row.refresh_token, row.status) == (
        None,
        None,
        AccountStatus.DISCONNECTED,
    )
    assert other.status is AccountStatus.ACTIVE
    assert other.access_token is not None
    assert platform.ledger.revoked == [tokens.refresh_token]
    assert len(platform.grants) == 1  # theirs still stands
