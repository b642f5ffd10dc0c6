"""DbCredentials against the rotating OAuth2 emulator, on PostgreSQL and SQLite: a refresh is
single-flight across sessions, stored before use, and a refused one marks the account."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
import structlog
from account_support import add_account, granted_tokens
from cryptography.fernet import Fernet
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.enums import AccountStatus, Platform
from core.errors import NotFound
from core.ports import AccountChange, AccountEvent
from core.signing import Signer
from core.token_cipher import TokenCipher
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head
from db.models import SocialAccount
from publishers.errors import ReconnectRequired
from services.account_credentials import open_credentials
from services.web_links import WebLinks
from tests.emulators.oauth2 import EmulatorOAuthClient, OAuth2Emulator

Makers = tuple[async_sessionmaker[AsyncSession], async_sessionmaker[AsyncSession]]


@pytest.fixture
def pg_makers(committing: async_sessionmaker[AsyncSession], engine: AsyncEngine) -> Makers:
    """Two sessionmakers with their own connections and real commits on PostgreSQL."""
    return committing, make_sessionmaker(engine)


@pytest.fixture
async def sqlite_makers(tmp_path: Path) -> AsyncIterator[Makers]:
    """Two engines on one SQLite file, as two processes have."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'tokens.db'}"
    await asyncio.to_thread(upgrade_head, url)
    first, second = make_engine(url), make_engine(url)
    try:
        yield make_sessionmaker(first), make_sessionmaker(second)
    finally:
        await first.dispose()
        await second.dispose()


@pytest.fixture(params=["postgresql", "sqlite"])
def makers(request: pytest.FixtureRequest) -> Makers:
    """Two sessionmakers on one database with real commits, as two processes have."""
    found: Makers = request.getfixturevalue(
        f"{'pg' if request.param == 'postgresql' else 'sqlite'}_makers"
    )
    return found


@pytest.fixture
async def platform() -> AsyncIterator[OAuth2Emulator]:
    async with OAuth2Emulator(rotate_refresh=True) as emulator:
        yield emulator


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def cipher() -> TokenCipher:
    return TokenCipher([Fernet.generate_key().decode()])


class Recorder:
    def __init__(self) -> None:
        self.events: list[AccountEvent] = []

    async def account(self, event: AccountEvent) -> None:
        self.events.append(event)


async def stored(maker: async_sessionmaker[AsyncSession], account_id: int) -> SocialAccount:
    async with maker() as session:
        account = await session.get(SocialAccount, account_id)
    assert account is not None
    return account


async def test_concurrent_refreshes_of_an_expired_token_happen_once(
    makers: Makers, platform: OAuth2Emulator, http: aiohttp.ClientSession, cipher: TokenCipher
) -> None:
    client = EmulatorOAuthClient(platform.base_url)
    account = await add_account(makers[0], cipher, await granted_tokens(http, client),
                                telegram_id=701)  # fmt: skip
    options = {
        "clients": {Platform.YOUTUBE: client},
        "http": http,
        "cipher": cipher,
        "margin_s": 300,
    }
    keepers = [
        await open_credentials(maker, account.user_id, account.id, **options)
        for maker in (*makers, *makers)
    ]
    with structlog.testing.capture_logs() as logs:
        tokens = await asyncio.gather(*(keeper.access_token() for keeper in keepers))
    assert platform.ledger.refreshes == 1
    assert platform.ledger.refused_refreshes == 0
    assert len(set(tokens)) == 1
    [grant] = platform.grants.values()
    assert set(grant.access_tokens) >= {tokens[0]}
    after = await stored(makers[1], account.id)
    assert after.access_token is not None
    assert after.refresh_token is not None
    assert cipher.open(after.access_token) == tokens[0]
    assert cipher.open(after.refresh_token) == grant.refresh_token  # the rotated one, kept
    assert after.refresh_owner is None
    assert after.expires_at is not None
    assert after.expires_at > datetime.now(UTC) + timedelta(minutes=30)
    logged = repr(logs)
    assert tokens[0] not in logged
    assert grant.refresh_token not in logged


async def test_a_fresh_token_is_used_as_it_is(
    makers: Makers, platform: OAuth2Emulator, http: aiohttp.ClientSession, cipher: TokenCipher
) -> None:
    client = EmulatorOAuthClient(platform.base_url)
    tokens = await granted_tokens(http, client)
    account = await add_account(makers[0], cipher, tokens, telegram_id=702, expired=False)
    keeper = await open_credentials(
        makers[0],
        account.user_id,
        account.id,
        clients={Platform.YOUTUBE: client},
        http=http,
        cipher=cipher,
        margin_s=300,
    )
    assert keeper.account_id == "ext-702"
    assert await keeper.access_token() == tokens.access_token
    assert platform.ledger.refreshes == 0


async def test_a_rejected_token_is_refreshed_once_whoever_asks(
    makers: Makers, platform: OAuth2Emulator, http: aiohttp.ClientSession, cipher: TokenCipher
) -> None:
    client = EmulatorOAuthClient(platform.base_url)
    tokens = await granted_tokens(http, client)
    account = await add_account(makers[0], cipher, tokens, telegram_id=703, expired=False)
    options = {
        "clients": {Platform.YOUTUBE: client},
        "http": http,
        "cipher": cipher,
        "margin_s": 300,
    }
    first = await open_credentials(makers[0], account.user_id, account.id, **options)
    second = await open_credentials(makers[1], account.user_id, account.id, **options)
    renewed = await first.refresh_after_rejection(tokens.access_token)
    assert renewed != tokens.access_token
    # The second publisher was refused the same old token: it gets the stored new one.
    assert await second.refresh_after_rejection(tokens.access_token) == renewed
    assert platform.ledger.refreshes == 1
    # A rejection of the new token is the platform's answer about it: refreshed again.
    assert await second.refresh_after_rejection(renewed) != renewed
    assert platform.ledger.refreshes == 2


async def test_a_refused_refresh_marks_the_account_and_tells_its_owner(
    makers: Makers, platform: OAuth2Emulator, http: aiohttp.ClientSession, cipher: TokenCipher
) -> None:
    client = EmulatorOAuthClient(platform.base_url)
    account = await add_account(makers[0], cipher, await granted_tokens(http, client),
                                telegram_id=704)  # fmt: skip
    platform.revoke_all()  # the person removed the app
    recorder = Recorder()
    keeper = await open_credentials(
        makers[0],
        account.user_id,
        account.id,
        clients={Platform.YOUTUBE: client},
        http=http,
        cipher=cipher,
        margin_s=300,
        notifier=recorder,
        web=WebLinks("https://web.example", Signer(b"k" * 32)),
    )
    with pytest.raises(ReconnectRequired):
        await keeper.access_token()
    after = await stored(makers[1], account.id)
    assert after.status is AccountStatus.RECONNECT_REQUIRED
    assert after.refresh_owner is None
    [event] = recorder.events
    assert event.change is AccountChange.RECONNECT_REQUIRED
    assert event.link is not None
    assert event.link.startswith("https://web.example/oauth/youtube/start?flow=")
    flow = Signer(b"k" * 32).verify("oauth-start", event.link.split("flow=")[1])
    assert flow == {"u": account.user_id, "pl": "youtube"}
    assert event.user_id == account.user_id
    with pytest.raises(ReconnectRequired):  # no second try at the platform
        await keeper.access_token()
    assert platform.ledger.refused_refreshes == 1


async def test_a_lease_whose_holder_died_is_taken_over(
    makers: Makers, platform: OAuth2Emulator, http: aiohttp.ClientSession, cipher: TokenCipher
) -> None:
    client = EmulatorOAuthClient(platform.base_url)
    account = await add_account(makers[0], cipher, await granted_tokens(http, client),
                                telegram_id=705)  # fmt: skip
    async with makers[0]() as session:
        row = await session.get(SocialAccount, account.id)
        assert row is not None
        row.refresh_owner = "a-dead-process"
        row.refresh_until = datetime.now(UTC) - timedelta(seconds=1)
        await session.commit()
    keeper = await open_credentials(
        makers[1],
        account.user_id,
        account.id,
        clients={Platform.YOUTUBE: client},
        http=http,
        cipher=cipher,
        margin_s=300,
    )
    await keeper.access_token()
    assert platform.ledger.refreshes == 1


async def test_another_users_account_is_not_found(
    makers: Makers, platform: OAuth2Emulator, http: aiohttp.ClientSession, cipher: TokenCipher
) -> None:
    client = EmulatorOAuthClient(platform.base_url)
    account = await add_account(makers[0], cipher, await granted_tokens(http, client),
                                telegram_id=706)  # fmt: skip
    with pytest.raises(NotFound):
        await open_credentials(
            makers[0],
            account.user_id + 1000,
            account.id,
            clients={Platform.YOUTUBE: client},
            http=http,
            cipher=cipher,
            margin_s=300,
        )
