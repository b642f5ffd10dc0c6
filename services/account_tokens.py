"""`DbCredentials`: a publisher's access token, kept fresh, single-flight across processes.

A refresh is due when `expires_at - PUBLISHERS__REFRESH_MARGIN_S` has passed. One process
refreshes an account at a time: it takes the row's refresh lease (a conditional UPDATE,
committed), reads the tokens again (someone may have refreshed meanwhile), refreshes, and
stores the new tokens in the commit that hands the lease back, before anyone uses them.
The others wait and read the stored tokens again. TikTok and X rotate refresh tokens, so
two refreshes at once would kill the account (oauth-and-publishing-rules.md, 3).

A refused refresh (ReconnectRequired) marks the account RECONNECT_REQUIRED, tells its owner
with a link that connects it again, and is raised again.
"""

import asyncio
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

import aiohttp
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import AccountStatus
from core.errors import NotFound
from core.ports import AccountChange, AccountEvent, AccountNotifier
from core.token_cipher import TokenCipher
from db.base import utcnow
from db.models import SocialAccount
from db.queries import social_accounts
from publishers.errors import ReconnectRequired
from publishers.oauth import OAuthClient, TokenSet

log = structlog.get_logger(__name__)
LEASE_S = 60.0  # longer than a refresh call's timeouts: a lease outlives its holder's call
WAIT_S = 0.05  # between looks at a lease another process holds


class DbCredentials:
    """The `publishers.base.Credentials` of one account (`services.account_credentials`
    builds it for a publication's account)."""

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], account: SocialAccount, *,
        client: OAuthClient, http: aiohttp.ClientSession, cipher: TokenCipher,
        margin_s: float, notifier: AccountNotifier | None = None,
        reconnect_link: Callable[[SocialAccount], str | None] | None = None,
        clock: Callable[[], datetime] = utcnow, lease_s: float = LEASE_S,
        wait_s: float = WAIT_S,
    ) -> None:  # fmt: skip
        self.sessionmaker, self.client, self.http, self.cipher = sessionmaker, client, http, cipher
        self.user_id, self.id, self._external_id = account.user_id, account.id, account.external_id
        self.margin = timedelta(seconds=margin_s)
        self.notifier, self.reconnect_link = notifier, reconnect_link
        self.clock, self.lease, self.wait_s = clock, timedelta(seconds=lease_s), wait_s
        self.owner = uuid.uuid4().hex

    @property
    def account_id(self) -> str:
        return self._external_id

    async def access_token(self) -> str:
        account = await self._read()
        if not self._due(account):
            return self._access(account)
        return await self._refresh(lambda fresh: not self._due(fresh))

    async def refresh_after_rejection(self, rejected: str) -> str:
        account = await self._read()
        if self._access(account) != rejected:  # refreshed by someone else meanwhile
            return self._access(account)
        return await self._refresh(lambda fresh: self._access(fresh) != rejected)

    def _due(self, account: SocialAccount) -> bool:
        return account.expires_at is not None and self.clock() >= account.expires_at - self.margin

    def _access(self, account: SocialAccount) -> str:
        if account.access_token is None:
            raise ReconnectRequired(provider=account.platform.value, reason="no access token")
        return self.cipher.open(account.access_token)

    async def _read(self) -> SocialAccount:
        async with self.sessionmaker() as session:
            account = await social_accounts.get_account(session, self.user_id, self.id, fresh=True)
        if account is None:
            raise NotFound(what="account")
        if account.status is not AccountStatus.ACTIVE:
            raise ReconnectRequired(provider=account.platform.value, reason=account.status.value)
        return account

    async def _refresh(self, settled: Callable[[SocialAccount], bool]) -> str:
        """Refresh under the lease unless `settled` says another process already did."""
        while not await self._take_lease():
            await asyncio.sleep(self.wait_s)
            account = await self._read()
            if settled(account):
                return self._access(account)
        async with self.sessionmaker() as session:
            held = await social_accounts.get_account(session, self.user_id, self.id, fresh=True)
            if held is None:
                raise NotFound(what="account")
            if held.status is not AccountStatus.ACTIVE:  # disconnected or refused meanwhile
                await self._release(session)
                raise ReconnectRequired(provider=held.platform.value, reason=held.status.value)
            if settled(held):
                await self._release(session)
                return self._access(held)
            return await self._refresh_held(session, held)

    async def _refresh_held(self, session: AsyncSession, account: SocialAccount) -> str:
        try:
            old = self._token_set(account)
            new = await self.client.refresh(self.http, old)
        except ReconnectRequired:
            await self._release(session, status=AccountStatus.RECONNECT_REQUIRED)
            log.warning("account.reconnect_required", account_id=self.id, user_id=self.user_id)
            await self._tell_owner(account)
            raise
        except BaseException:
            await self._release(session)
            raise
        sealed = self.cipher.seal(new.access_token)
        refresh = (
            account.refresh_token
            if new.refresh_token is None
            else self.cipher.seal(new.refresh_token)
        )
        await self._release(
            session,
            access_token=sealed,
            refresh_token=refresh,
            expires_at=new.expires_at,
            scope=new.scope or account.scope,
        )
        log.info("account.refreshed", account_id=self.id, expires_at=new.expires_at)
        return new.access_token

    def _token_set(self, account: SocialAccount) -> TokenSet:
        # No refresh token is the client's to judge: Instagram refreshes its long-lived
        # access token itself; the others raise ReconnectRequired.
        refresh = account.refresh_token
        return TokenSet(
            access_token=self._access(account),
            refresh_token=None if refresh is None else self.cipher.open(refresh),
            expires_at=account.expires_at,
            scope=account.scope,
        )

    async def _take_lease(self) -> bool:
        now = self.clock()
        async with self.sessionmaker() as session:
            taken = await social_accounts.take_refresh_lease(
                session, self.user_id, self.id, self.owner, now=now, until=now + self.lease
            )
            await session.commit()
        return taken

    async def _release(self, session: AsyncSession, **values: object) -> None:
        """Hand the lease back with `values`, committed. Values are stored even if the lease
        ran out meanwhile: tokens the platform issued are the only valid ones now."""
        held = await social_accounts.release_refresh_lease(
            session, self.user_id, self.id, self.owner, **values
        )
        if not held and values:
            log.warning("account.lease_lost", account_id=self.id)
            await social_accounts.set_fields(session, self.user_id, self.id, **values)
        await session.commit()

    async def _tell_owner(self, account: SocialAccount) -> None:
        if self.notifier is None:
            return
        link = self.reconnect_link(account) if self.reconnect_link is not None else None
        event = AccountEvent(
            account.user_id,
            account.id,
            account.platform,
            account.name,
            AccountChange.RECONNECT_REQUIRED,
            link,
        )
        await self.notifier.account(event)
