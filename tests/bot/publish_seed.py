"""Rows publishing tests start from: a user's accounts and publications in given states (a
module name no test file shadows), and a publish job that only records what it was given
(the real one is wired in with the publishers)."""

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import AccountStatus, Platform, PublicationState
from core.plans import PLANS, PlanCode
from core.post_options import PostChoices
from db.models import SocialAccount, User
from db.models.publication import Publication
from db.queries import users
from jobs.queue import LocalQueue
from jobs.registry import JOB_SPECS, JobSpec, QueueName
from pipeline.context import JobCtx
from services.publishing import PUBLISH_POST


async def user_of(db: async_sessionmaker[AsyncSession], telegram_id: int) -> User:
    async with db() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id)
        assert user is not None
        return user


def in_free_plan(platform: Platform) -> bool:
    return platform in (PLANS[PlanCode.FREE].platforms or ())


async def seed_account(
    db: async_sessionmaker[AsyncSession],
    telegram_id: int,
    platform: Platform,
    name: str,
    *,
    status: AccountStatus = AccountStatus.ACTIVE,
    external_id: str | None = None,
) -> int:
    user = await user_of(db, telegram_id)
    async with db() as session:
        if not in_free_plan(platform):  # a creator who publishes there pays for it
            await session.execute(
                update(User).where(User.id == user.id).values(plan=PlanCode.CREATOR)
            )
        account = SocialAccount(
            user_id=user.id, platform=platform, external_id=external_id or f"ext-{name}",
            name=name, status=status,
        )  # fmt: skip
        session.add(account)
        await session.commit()
        return account.id


async def seed_publication(
    db: async_sessionmaker[AsyncSession],
    telegram_id: int,
    project_id: int,
    account_id: int,
    state: PublicationState,
    **fields: object,
) -> int:
    user = await user_of(db, telegram_id)
    async with db() as session:
        account = await session.get(SocialAccount, account_id)
        assert account is not None
        publication = Publication(
            user_id=user.id, project_id=project_id, account_id=account_id,
            platform=account.platform, state=state, choices=PostChoices(), ledger={}, **fields,
        )  # fmt: skip
        session.add(publication)
        await session.commit()
        return publication.id


async def publications_of(
    db: async_sessionmaker[AsyncSession], project_id: int
) -> list[Publication]:
    async with db() as session:
        query = select(Publication).where(Publication.project_id == project_id)
        return list((await session.scalars(query.order_by(Publication.id))).all())


async def set_preferences(
    db: async_sessionmaker[AsyncSession],
    telegram_id: int,
    *,
    ai_disclosure: bool | None = True,
    timezone: str | None = None,
) -> None:
    async with db() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id)
        assert user is not None
        user.ai_disclosure, user.timezone = ai_disclosure, timezone
        await session.commit()


class PublishJobs:
    """The publish job's stand-in: keeps the IDs it was run with (the bot's side ends at
    "queued"; the publishers' tests drive the real job)."""

    def __init__(self) -> None:
        self.ran: list[int] = []

    async def __call__(self, ctx: JobCtx, publication_id: int) -> None:
        del ctx
        self.ran.append(publication_id)


@pytest.fixture
def publish_jobs() -> PublishJobs:
    return PublishJobs()


@pytest.fixture
async def queue(job_ctx: JobCtx, publish_jobs: PublishJobs) -> AsyncIterator[LocalQueue]:
    specs = {**JOB_SPECS, PUBLISH_POST: JobSpec(PUBLISH_POST, publish_jobs, queue=QueueName.IO)}
    local = LocalQueue(job_ctx, specs=specs)
    yield local
    await local.close()


async def on_plan(db: async_sessionmaker[AsyncSession], user_id: int, plan: PlanCode) -> None:
    async with db() as session:
        await session.execute(update(User).where(User.id == user_id).values(plan=plan))
        await session.commit()
