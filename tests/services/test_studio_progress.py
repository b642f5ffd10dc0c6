"""Studio jobs' progress (the StudioProgress callback through make_variations and
create_voice, turned into RUNNING events by the job's work): each picture made, with fal
and offline; a voice match's real steps (samples measured, stock voices tried, sweep tries);
every event carries the job's ID, the final one (returned for the job to send) too; a
refused request reports no step."""

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from infra.faces import grace_hopper
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.ports import SilentNotifier, StudioEvent, StudioJobState, StudioStep
from core.settings import ProvidersSettings, Settings
from db.models import Character, User, VariationKind
from jobs.queue import LocalQueue
from jobs.runtime import build_job_ctx
from pipeline.imagegen.hosts import configure_fal_hosts
from pipeline.voices.sweep import PITCH_FACTORS, RATIOS
from pipeline.wallet import Wallets
from services import character_studio, variation_jobs, voice_drafts, voice_jobs
from storage.disk import Storage
from tests.emulators.fal import FalEmulator, reference_person
from tests.pipeline.imagegen.fal_support import fal_settings

K = VariationKind
STEP_ORDER = ["analyse", "match", "adjust"]
pytestmark = pytest.mark.timeout(120)


class Heard:
    """The events a job reports, in order (what `ctx["notifier"].studio` is given)."""

    def __init__(self) -> None:
        self.events: list[StudioEvent] = []
        self.final: StudioEvent | None = None  # what the job's work returns, for the job

    async def __call__(self, event: StudioEvent) -> None:
        self.events.append(event)

    def steps(self) -> list[tuple[str, int, int]]:
        running = [e for e in self.events if e.state is StudioJobState.RUNNING]
        return [(e.key, e.params["done"], e.params["total"]) for e in running]


@pytest.fixture
async def held_queue(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[LocalQueue]:
    """A queue with no io slot: the test runs the queued job's work itself."""
    queue = LocalQueue(build_job_ctx(Settings(), sessionmaker, SilentNotifier()), io_concurrency=0)
    yield queue
    await queue.close()


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
async def grace(session: AsyncSession, storage: Storage, user: User, tmp_path: Path) -> Character:
    photo = Path(shutil.copy(grace_hopper(), tmp_path / "grace.jpg"))
    return await character_studio.create_character(
        session, storage, user.id, name="Grace", description="", photos=[photo], style="neon"
    )


async def _run_variations(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    *,
    providers: ProvidersSettings,
    character: Character,
    kinds: list[VariationKind],
) -> Heard:
    character.variations_state = StudioJobState.QUEUED
    character.variations_kinds = [str(kind) for kind in kinds]
    character.variations_attempt = 3
    await session.commit()
    heard = Heard()
    wallets = Wallets(sessionmaker, Settings())
    heard.final = await variation_jobs.run_variations(
        session, storage, providers, wallets, character.id, report=heard
    )
    return heard


async def test_fal_variations_report_each_picture_made(
    *,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    grace: Character,
    fal_emu: FalEmulator,
) -> None:
    providers = ProvidersSettings(images="fal", fal=fal_settings(fal_emu))
    heard = await _run_variations(
        session, sessionmaker, storage, providers=providers, character=grace,
        kinds=[K.SMILING, K.POINTING],
    )  # fmt: skip

    assert heard.steps() == [("pictures", 0, 2), ("pictures", 1, 2), ("pictures", 2, 2)]
    assert fal_emu.requests.count("submit") == 2  # one report per picture fal made
    assert {e.job_id for e in heard.events} == {variation_jobs.variations_job_id(grace.id, 3)}
    assert {e.params.get("name") for e in heard.events} == {"Grace"}
    assert heard.final is not None
    assert (heard.final.state, heard.final.job_id) == (
        StudioJobState.READY,
        heard.events[0].job_id,
    )


async def test_offline_variations_report_each_picture_as_it_is_drawn(
    *,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    grace: Character,
) -> None:
    kinds = [K.MIRRORED, K.TILTED, K.WARM_LIGHT]
    heard = await _run_variations(
        session, sessionmaker, storage, providers=ProvidersSettings(), character=grace,
        kinds=kinds,
    )  # fmt: skip

    assert heard.steps() == [("pictures", done, 3) for done in range(4)]
    final = heard.final
    assert final is not None
    assert (final.state, final.job_id) == (StudioJobState.READY, heard.events[0].job_id)
    assert len(final.params["made"]) + len(final.params["refused"]) == 3


async def test_a_voice_match_reports_its_real_steps(
    *,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    user: User,
    female_wav: Path,
    held_queue: LocalQueue,
) -> None:
    await voice_drafts.add_voice_sample(session, storage, user.id, female_wav, mime=None)
    request, _ = await voice_jobs.request_voice(
        session, user.id, "Me", consent=True, language="ru", queue=held_queue
    )
    heard = Heard()
    wallets = Wallets(sessionmaker, Settings())

    final = await voice_jobs.run_voice_request(
        session, storage, None, wallets, request.id, report=heard
    )

    steps = heard.steps()
    assert [s for s in steps if s[0] == StudioStep.ANALYSE] == [
        ("analyse", 0, 1),
        ("analyse", 1, 1),
    ]
    matched = [s for s in steps if s[0] == StudioStep.MATCH]
    assert [done for _, done, _ in matched] == list(range(1, len(matched) + 1))
    assert {total for _, _, total in matched} == {5}  # the female family's variants
    tries = len(RATIOS) + len(PITCH_FACTORS)
    adjusted = [s for s in steps if s[0] == StudioStep.ADJUST]
    assert adjusted == [("adjust", done, tries) for done in range(1, tries + 1)]
    assert [s[0] for s in steps] == sorted((s[0] for s in steps), key=STEP_ORDER.index)
    assert {e.job_id for e in heard.events} == {voice_jobs.voice_job_id(request.id)}
    assert {e.params.get("name") for e in heard.events} == {"Me"}
    assert final is not None
    assert (final.state, final.job_id) == (
        StudioJobState.READY,
        voice_jobs.voice_job_id(request.id),
    )


async def test_a_refused_voice_request_reports_no_step(
    *,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    user: User,
    held_queue: LocalQueue,
) -> None:
    request, _ = await voice_jobs.request_voice(
        session, user.id, "Me", consent=True, language="ru", queue=held_queue
    )  # no samples at all
    heard = Heard()
    wallets = Wallets(sessionmaker, Settings())

    final = await voice_jobs.run_voice_request(
        session, storage, None, wallets, request.id, report=heard
    )

    assert heard.events == []
    assert final is not None
    assert (final.state, final.key) == (StudioJobState.FAILED, "error-voice-not-enough-speech")
    assert final.job_id == voice_jobs.voice_job_id(request.id)


async def test_a_refused_variations_request_reports_no_picture(
    *,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    grace: Character,
) -> None:
    """Offline there are no emotions: the run is refused before any picture, and its report
    (after the rollback) still names the job."""
    heard = await _run_variations(
        session, sessionmaker, storage, providers=ProvidersSettings(), character=grace,
        kinds=[K.SMILING],
    )  # fmt: skip

    assert heard.events == []
    assert heard.final is not None
    refused = (StudioJobState.FAILED, "error-variation-not-offered")  # a NotFound of its own
    assert (heard.final.state, heard.final.key) == refused
    assert heard.final.job_id == variation_jobs.variations_job_id(grace.id, 3)
