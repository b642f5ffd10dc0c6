"""Character variations as a job (services.variation_jobs) with real fal_client against the
emulator: the request commits the state and queues one job per request (a double request
queues once; a kind not on offer queues nothing); a re-run after a crash makes and pays only
what was not stored; a finished request's job does nothing."""

import shutil
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from infra.faces import grace_hopper
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.errors import NotFound
from core.ports import SilentNotifier, StudioJobState, StudioWork
from core.settings import ProvidersSettings, Settings
from db.models import Character, UsageEntry, User, VariationKind
from db.queries import voice_requests
from jobs.queue import LocalQueue
from jobs.runtime import build_job_ctx
from pipeline.imagegen.hosts import configure_fal_hosts
from pipeline.wallet import Wallets
from services import character_studio, character_variations, variation_jobs
from services.voice_jobs import voice_job_id
from storage.disk import Storage
from tests.emulators.fal import FalEmulator, reference_person
from tests.pipeline.imagegen.fal_support import fal_settings

K = VariationKind


@pytest.fixture(autouse=True)
def fal_default_hosts() -> Iterator[None]:
    yield
    configure_fal_hosts(None)


@pytest.fixture
async def fal_emu() -> AsyncIterator[FalEmulator]:
    async with FalEmulator(queue_steps=1, progress_steps=1, painter=reference_person) as emu:
        yield emu
        emu.assert_no_internal_errors()


@pytest.fixture
def providers(fal_emu: FalEmulator) -> ProvidersSettings:
    return ProvidersSettings(images="fal", fal=fal_settings(fal_emu))


@pytest.fixture
async def grace(session: AsyncSession, storage: Storage, user: User, tmp_path: Path) -> Character:
    photo = Path(shutil.copy(grace_hopper(), tmp_path / "grace.jpg"))
    return await character_studio.create_character(
        session, storage, user.id, name="Grace", description="", photos=[photo], style="neon"
    )


@pytest.fixture
async def held_queue(
    sessionmaker: async_sessionmaker[AsyncSession], storage_root: Path
) -> AsyncIterator[LocalQueue]:
    """A queue with no io slot: what is queued stays queued."""
    ctx = build_job_ctx(Settings(), sessionmaker, SilentNotifier())
    queue = LocalQueue(ctx, io_concurrency=0)
    yield queue
    await queue.close()


async def _fal_usage(session: AsyncSession, user_id: int) -> list[Decimal]:
    rows = await session.scalars(
        select(UsageEntry.cost_usd).where(
            UsageEntry.user_id == user_id, UsageEntry.provider == "fal"
        )
    )
    return list(rows)


async def test_a_double_request_queues_one_job(
    *,
    session: AsyncSession,
    providers: ProvidersSettings,
    user: User,
    grace: Character,
    held_queue: LocalQueue,
) -> None:
    with pytest.raises(NotFound):
        await variation_jobs.request_variations(
            session, ProvidersSettings(), user.id, grace.id, kinds=[K.SMILING], queue=held_queue
        )  # offline there are no emotions
    assert held_queue.tasks == {}

    first = await variation_jobs.request_variations(
        session, providers, user.id, grace.id, kinds=[K.SMILING, K.SMILING], queue=held_queue
    )
    again = await variation_jobs.request_variations(
        session, providers, user.id, grace.id, kinds=[K.POINTING], queue=held_queue
    )

    assert (first, again) == (True, False)
    assert list(held_queue.tasks) == [variation_jobs.variations_job_id(grace.id, 1)]
    assert (grace.variations_state, grace.variations_kinds) == (StudioJobState.QUEUED, ["smiling"])


async def test_a_rerun_after_a_crash_pays_only_for_what_was_not_stored(
    *,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    providers: ProvidersSettings,
    user: User,
    grace: Character,
    fal_emu: FalEmulator,
    held_queue: LocalQueue,
) -> None:
    wallets = Wallets(sessionmaker, Settings())
    await variation_jobs.request_variations(
        session, providers, user.id, grace.id, kinds=[K.SMILING, K.POINTING], queue=held_queue
    )
    # The first try stored (and paid) the smile, then its process died: the row says running.
    await character_variations.make_variations(
        session, storage, providers, user.id, grace.id, kinds=[K.SMILING],
        wallet=wallets.of(user),
    )  # fmt: skip
    grace.variations_state = StudioJobState.RUNNING
    await session.commit()

    event = await variation_jobs.run_variations(session, storage, providers, wallets, grace.id)

    assert event is not None
    assert (event.work, event.state, event.entity_id) == (
        StudioWork.VARIATIONS,
        StudioJobState.READY,
        grace.id,
    )
    assert len(event.params["made"]) == 1  # the pointing one only
    assert fal_emu.requests.count("submit") == 2  # one per picture, none twice
    assert await _fal_usage(session, user.id) == [Decimal("0.04")] * 2
    assert grace.variations_state is StudioJobState.READY
    assert (
        await variation_jobs.run_variations(session, storage, providers, wallets, grace.id) is None
    )
    assert fal_emu.requests.count("submit") == 2


async def test_pending_studio_jobs_lost_with_a_restart_are_queued_again_once(
    *,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    providers: ProvidersSettings,
    user: User,
    grace: Character,
    held_queue: LocalQueue,
) -> None:
    await variation_jobs.request_variations(
        session, providers, user.id, grace.id, kinds=[K.SMILING], queue=held_queue
    )
    request = await voice_requests.add_request(session, user.id, name="Мой голос", language="ru")
    await session.commit()
    await held_queue.close()  # the process stops: an embedded queue keeps nothing

    ctx = build_job_ctx(Settings(), sessionmaker, SilentNotifier())
    restarted = LocalQueue(ctx, io_concurrency=0)
    try:
        await restarted.resume_unfinished()
        await restarted.resume_unfinished()  # every start does it: still one job each
        assert sorted(restarted.tasks) == sorted(
            [variation_jobs.variations_job_id(grace.id, 1), voice_job_id(request.id)]
        )
    finally:
        await restarted.close()
