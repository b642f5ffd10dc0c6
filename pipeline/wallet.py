"""A user's paid provider calls: the daily spend ceiling before each, the ledger right after.

Every paid call (LLM, ElevenLabs, OpenAI transcription, fal) goes through one `Wallet`:
`async with wallet.paid_call(provider, estimate) as call:` checks the ceiling
(`pipeline.spend_limits.check_daily_spend`: the ledger's spending since the start of the
user's UTC day, plus what calls in flight and this one are expected to cost) before
anything is sent, and `await call.record(...)` writes the call's usage row in a session and
transaction of its own as soon as the provider has answered, so a later failure or rollback
of the stage never loses it. Calls of other processes in flight at the same moment are not
reserved: the ceiling can be passed by at most what those cost.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import StageName, UsageUnit
from core.errors import NotFound
from core.settings import Settings
from db.base import utcnow
from db.models import User
from db.queries import usage, users
from pipeline.spend_limits import DailySpendExceeded, check_daily_spend, daily_ceiling, usd

if TYPE_CHECKING:  # the job context imports the engines, which take a Wallet
    from pipeline.context import JobCtx

log = structlog.get_logger(__name__)


@dataclass
class Wallet:
    """The paid calls of one user (for one project stage, or a studio action).

    `ceiling` None: no ceiling (admins, the local user). `refused` names the providers the
    ceiling stopped, so a stage can say honestly that an offline engine took over.
    """

    sessionmaker: async_sessionmaker[AsyncSession]
    user_id: int
    ceiling: Decimal | None
    project_id: int | None = None
    stage: StageName | None = None
    clock: Callable[[], datetime] = utcnow
    refused: set[str] = field(default_factory=set)
    _reserved: Decimal = Decimal(0)
    # One session at a time: parallel calls (fal scenes) share the wallet.
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def check(self, provider: str, estimate_usd: Decimal | float) -> None:
        """Refuse now what `paid_call` would refuse (before free preparatory requests, such
        as uploading reference photos, are made for a paid call that cannot follow).

        Raises:
            DailySpendExceeded: the call would take the user over today's ceiling.
        """
        async with self._lock:
            await self._check(provider, self._reserved + usd(estimate_usd))

    @asynccontextmanager
    async def paid_call(
        self, provider: str, estimate_usd: Decimal | float
    ) -> AsyncIterator["PaidCall"]:
        """Reserve `estimate_usd` for one call to `provider` for the duration of the block.

        Raises:
            DailySpendExceeded: before anything is sent to the provider.
        """
        estimate = usd(estimate_usd)
        async with self._lock:
            await self._check(provider, self._reserved + estimate)
            self._reserved += estimate
        try:
            yield PaidCall(self, provider)
        finally:
            self._reserved -= estimate

    async def _check(self, provider: str, estimate: Decimal) -> None:
        if self.ceiling is None:
            return
        try:
            async with self.sessionmaker() as session:
                await check_daily_spend(
                    session,
                    self.user_id,
                    estimate=estimate,
                    ceiling=self.ceiling,
                    now=self.clock(),
                )
        except DailySpendExceeded as refusal:
            self.refused.add(provider)
            log.info("spend.refused", provider=provider, user_id=self.user_id, **refusal.params)
            raise

    async def record(
        self,
        provider: str,
        unit: UsageUnit,
        quantity: Decimal | float,
        cost_usd: Decimal | float,
        *,
        request_id: str | None = None,
    ) -> None:
        """Commit one usage row now, in its own session and transaction."""
        async with self._lock, self.sessionmaker() as session:
            await usage.add_usage(
                session,
                self.user_id,
                provider=provider,
                unit=unit,
                quantity=quantity,
                cost_usd=cost_usd,
                project_id=self.project_id,
                stage=self.stage,
                request_id=request_id,
            )
            await session.commit()
        log.info("spend.recorded", provider=provider, unit=unit.value, cost_usd=float(cost_usd),
                 request_id=request_id, user_id=self.user_id)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PaidCall:
    """One call inside `paid_call`: record what the provider charged for it (nothing is
    recorded without a wallet)."""

    wallet: Wallet | None
    provider: str

    async def record(
        self,
        unit: UsageUnit,
        quantity: Decimal | float,
        cost_usd: Decimal | float,
        *,
        request_id: str | None = None,
    ) -> None:
        if self.wallet is not None:
            await self.wallet.record(
                self.provider, unit, quantity, cost_usd, request_id=request_id
            )


@asynccontextmanager
async def paid_call(
    wallet: Wallet | None, provider: str, estimate_usd: Decimal | float
) -> AsyncIterator[PaidCall]:
    """`wallet.paid_call(...)`; without a wallet (an engine used on its own, in tests or the
    bench) the call is neither checked nor recorded."""
    if wallet is None:
        yield PaidCall(None, provider)
        return
    async with wallet.paid_call(provider, estimate_usd) as call:
        yield call


@dataclass(frozen=True, slots=True)
class Wallets:
    """Opens wallets with the process's sessionmaker and limits (bot handlers and jobs)."""

    sessionmaker: async_sessionmaker[AsyncSession]
    settings: Settings

    def of(
        self, user: User, *, project_id: int | None = None, stage: StageName | None = None
    ) -> Wallet:
        """The wallet of `user` (a row the caller has loaded)."""
        ceiling = daily_ceiling(user, self.settings)
        return Wallet(self.sessionmaker, user.id, ceiling, project_id=project_id, stage=stage)

    async def for_project(self, user_id: int, project_id: int, stage: StageName) -> Wallet:
        """The wallet of a project's stage. Its owner is read in a short session of its own:
        the stage's session stays without a transaction while providers are called."""
        async with self.sessionmaker() as session:
            user = await users.get_user(session, user_id)
        if user is None:
            raise NotFound(what="user")
        return self.of(user, project_id=project_id, stage=stage)


async def stage_wallet(ctx: "JobCtx", user_id: int, project_id: int, stage: StageName) -> Wallet:
    """The wallet a job's stage pays its providers from."""
    wallets = Wallets(ctx["sessionmaker"], ctx["settings"])
    return await wallets.for_project(user_id, project_id, stage)


def spend_limited(wallet: Wallet) -> dict[str, list[str]]:
    """Artifact meta saying which paid providers the ceiling stopped in this stage (an
    offline engine took over), or nothing."""
    return {"spend_limited": sorted(wallet.refused)} if wallet.refused else {}
