"""Plans and quotas (services.plans): the month's Shorts taken atomically, a failed Short
giving its place back, voices and characters per plan, a paid plan's end, grants."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import Platform, ProjectStatus
from core.plans import PLANS, PlanCode
from core.settings import LimitsSettings
from db.models import Character, Project, User, Voice, VoiceEngine
from db.queries import users
from services import plans
from services.limits import TooManyUnfinished
from services.plan_errors import (
    BatchNotInPlan,
    BatchTooLarge,
    PlanLimitReached,
    PlatformNotInPlan,
    ShortsQuotaReached,
)
from services.plan_grants import end_plan, grant_plan

NOW = datetime.now(UTC)
ROOMY = LimitsSettings(max_unfinished_projects=100)


def _short(user: User, status: ProjectStatus, batch_id: int | None = None) -> Project:
    return Project(
        user_id=user.id, topic="t", language="en", target_duration=15.0, style="vivid",
        tone="calm", status=status, batch_id=batch_id,
    )  # fmt: skip


async def _free_user(session: AsyncSession, telegram_id: int) -> User:
    user = await users.get_or_create_user(session, telegram_id, "Free", "en")
    await session.commit()
    return user


async def test_the_month_counts_queued_and_done_shorts_not_failed_ones(
    session: AsyncSession,
) -> None:
    user = await _free_user(session, 700_001)
    statuses = [ProjectStatus.DONE] * 3 + [ProjectStatus.FAILED, ProjectStatus.CANCELLED]
    session.add_all(_short(user, status) for status in [*statuses, ProjectStatus.QUEUED])
    await session.commit()

    status = await plans.plan_status(session, user.id, now=NOW)
    assert (status.plan.code, status.shorts_used) == (PlanCode.FREE, 4)
    await plans.claim_shorts(session, user.id, 1, limits=ROOMY, now=NOW)  # the fifth
    session.add(_short(user, ProjectStatus.QUEUED))
    await session.commit()
    with pytest.raises(ShortsQuotaReached) as refused:
        await plans.claim_shorts(session, user.id, 1, limits=ROOMY, now=NOW)
    assert refused.value.params | {"resets": None} == {
        "plan": "free", "used": 5, "limit": 5, "asked": 1, "left": 0, "resets": None,
    }  # fmt: skip
    await plans.claim_shorts(session, user.id, 0, limits=ROOMY, now=NOW)  # a redo is free


async def test_a_batch_asks_for_all_its_shorts_at_once(session: AsyncSession) -> None:
    user = await _free_user(session, 700_002)
    user.plan = PlanCode.CREATOR
    await session.commit()
    with pytest.raises(ShortsQuotaReached):
        await plans.claim_shorts(session, user.id, 51, limits=ROOMY, now=NOW, batch=True)
    plan = await plans.claim_shorts(session, user.id, 50, limits=ROOMY, now=NOW, batch=True)
    assert plan.code is PlanCode.CREATOR


async def test_batch_shorts_do_not_take_the_single_shorts_slots(session: AsyncSession) -> None:
    user = await _free_user(session, 700_003)
    user.plan = PlanCode.AGENCY
    session.add(_short(user, ProjectStatus.QUEUED))
    await session.commit()
    tight = LimitsSettings(max_unfinished_projects=2)
    await plans.claim_shorts(session, user.id, 1, limits=tight, now=NOW)
    session.add(_short(user, ProjectStatus.RUNNING))
    await session.commit()
    with pytest.raises(TooManyUnfinished):
        await plans.claim_shorts(session, user.id, 1, limits=tight, now=NOW)


async def test_two_requests_at_once_cannot_both_take_the_last_short(
    committing: async_sessionmaker[AsyncSession],
) -> None:
    async with committing() as session:
        user = await _free_user(session, 700_004)
        session.add_all(_short(user, ProjectStatus.DONE) for _ in range(4))
        await session.commit()
        user_id = user.id

    async def take_one() -> bool:
        async with committing() as session:
            try:
                await plans.claim_shorts(session, user_id, 1, limits=ROOMY, now=NOW)
            except ShortsQuotaReached:
                return False
            await asyncio.sleep(0.2)  # both have read the count before either commits
            session.add(Project(
                user_id=user_id, topic="race", language="en", target_duration=15.0,
                style="vivid", tone="calm", status=ProjectStatus.QUEUED,
            ))  # fmt: skip
            await session.commit()
            return True

    assert sorted(await asyncio.gather(take_one(), take_one())) == [False, True]
    async with committing() as session:
        assert (await plans.plan_status(session, user_id, now=NOW)).shorts_used == 5


async def test_voices_and_characters_per_plan(session: AsyncSession) -> None:
    user = await _free_user(session, 700_005)
    await plans.check_voice_slot(session, user.id, now=NOW)
    await plans.check_character_slot(session, user.id, now=NOW)
    session.add(Character(user_id=user.id, name="Octo", style="vivid"))
    session.add(Voice(user_id=user.id, name="Me", engine=VoiceEngine.ESPEAK))
    await session.commit()
    with pytest.raises(PlanLimitReached) as voices:
        await plans.check_voice_slot(session, user.id, now=NOW)
    with pytest.raises(PlanLimitReached) as characters:
        await plans.check_character_slot(session, user.id, now=NOW)
    assert (voices.value.params["what"], characters.value.params["what"]) == (
        "voices", "characters",
    )  # fmt: skip
    user.plan = PlanCode.CREATOR
    await session.commit()
    await plans.check_voice_slot(session, user.id, now=NOW)
    await plans.check_character_slot(session, user.id, now=NOW)
    assert PLANS[PlanCode.FREE].voices == PLANS[PlanCode.FREE].characters == 1
    assert PLANS[PlanCode.CREATOR].voices == PLANS[PlanCode.CREATOR].characters == 3


async def test_a_paid_plan_ends_as_free_and_a_renewal_extends_it(session: AsyncSession) -> None:
    user = await _free_user(session, 700_006)
    end = await grant_plan(session, user.id, PlanCode.PRO, days=30, now=NOW)
    assert end == NOW + timedelta(days=30)
    renewed = await grant_plan(session, user.id, PlanCode.PRO, days=30, now=NOW + timedelta(1))
    assert renewed == NOW + timedelta(days=60)
    await session.commit()
    assert (await plans.plan_of(session, user.id, now=NOW)).code is PlanCode.PRO
    later = NOW + timedelta(days=61)
    assert (await plans.plan_of(session, user.id, now=later)).code is PlanCode.FREE
    status = await plans.plan_status(session, user.id, now=later)
    assert (status.plan.code, status.expires_at) == (PlanCode.FREE, None)

    other = await grant_plan(session, user.id, PlanCode.CREATOR, days=30, now=NOW)
    assert other == NOW + timedelta(days=30)  # another plan starts now
    await end_plan(session, user.id)
    await session.commit()
    assert (await plans.plan_of(session, user.id, now=NOW)).code is PlanCode.FREE


def test_platforms_and_batch_sizes_per_plan() -> None:
    free, creator, pro = PLANS[PlanCode.FREE], PLANS[PlanCode.CREATOR], PLANS[PlanCode.PRO]
    plans.check_platform(free, Platform.YOUTUBE)
    with pytest.raises(PlatformNotInPlan):
        plans.check_platform(free, Platform.TIKTOK)
    plans.check_platform(creator, Platform.TIKTOK)
    with pytest.raises(BatchNotInPlan):
        plans.check_batch_size(free, 2)
    with pytest.raises(BatchTooLarge):
        plans.check_batch_size(creator, 11)
    plans.check_batch_size(pro, 100)


def test_the_month_resets_on_the_first() -> None:
    december = datetime(2026, 12, 31, 23, 59, tzinfo=UTC)
    assert plans.month_start(december) == datetime(2026, 12, 1, tzinfo=UTC)
    assert plans.next_month(december) == datetime(2027, 1, 1, tzinfo=UTC)
    assert plans.next_month(datetime(2026, 1, 31, tzinfo=UTC)) == datetime(2026, 2, 1, tzinfo=UTC)


async def test_two_batches_at_once_at_the_edge_of_the_month(
    committing: async_sessionmaker[AsyncSession],
) -> None:
    async with committing() as session:
        user = await _free_user(session, 700_007)
        user.plan = PlanCode.CREATOR
        session.add_all(_short(user, ProjectStatus.DONE) for _ in range(45))
        await session.commit()
        user_id = user.id

    async def batch_of_three() -> bool:
        async with committing() as session:
            try:
                await plans.claim_shorts(session, user_id, 3, limits=ROOMY, now=NOW, batch=True)
            except ShortsQuotaReached:
                return False
            await asyncio.sleep(0.2)  # both have read the count before either commits
            session.add_all(
                Project(
                    user_id=user_id,
                    topic=f"b{i}",
                    language="en",
                    target_duration=15.0,
                    style="vivid",
                    tone="calm",
                    status=ProjectStatus.QUEUED,
                )
                for i in range(3)
            )
            await session.commit()
            return True

    assert sorted(await asyncio.gather(batch_of_three(), batch_of_three())) == [False, True]
    async with committing() as session:
        assert (await plans.plan_status(session, user_id, now=NOW)).shorts_used == 48
