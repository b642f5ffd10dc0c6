"""The daily spend ceiling is checked before every paid call: over it, the provider's
emulator sees no request at all. Alone, the paid provider fails the stage with the
ceiling's message; in a chain the offline engine takes over and the result says so."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import ArtifactKind, ProjectStatus, StageName
from core.settings import ProvidersSettings, Settings, TranscriptionSettings
from db.base import utcnow
from db.queries import projects
from pipeline.context import JobCtx
from pipeline.produce import produce_short
from pipeline.speech.base import VoiceParams
from pipeline.speech.espeak import EspeakSynth
from pipeline.spend_limits import DailySpendExceeded
from pipeline.stage_runner import StageFn, run_stage
from pipeline.stages import script, visuals, voice
from pipeline.transcribe.service import transcribe_audio
from pipeline.wallet import stage_wallet
from services.deliverables import get_deliverables
from services.projects import ProjectRequest
from tests.emulators.elevenlabs import ElevenLabsEmulator
from tests.emulators.fal import FalEmulator
from tests.emulators.openai import OpenAIEmulator
from tests.pipeline.imagegen.fal_support import fal_settings
from tests.pipeline.money.conftest import CEILING_USD
from tests.pipeline.money.money_support import (
    eleven_account,
    openai_account,
    paid_ctx,
    payer_project,
    project_state,
    spend,
)
from tests.pipeline.stages.stage_support import RecordingNotifier

pytestmark = pytest.mark.timeout(120)

REQUEST = ProjectRequest(topic="Why foxes hide food", language="en", duration=12)
SPENT = f"{CEILING_USD:.2f}"  # today's spending already at the ceiling


async def no_report(fraction: float) -> None:
    del fraction


async def run_stages(ctx: JobCtx, project_id: int, *stages: tuple[StageName, StageFn]) -> None:
    """The stages one after another, as the job runs them (each with its commit)."""
    async with ctx["sessionmaker"]() as session:
        project = await projects.get_project_for_job(session, project_id)
        assert project is not None
        for stage, fn in stages:
            await run_stage(ctx, session, project, stage, fn=fn, report=no_report)


async def failed_with_the_ceiling(
    ctx: JobCtx, notifier: RecordingNotifier, project_id: int, stage: StageName
) -> None:
    await produce_short(ctx, project_id)
    project, _ = await project_state(ctx, project_id)
    assert (project.status, project.stage) == (ProjectStatus.FAILED, stage)
    assert project.error_key == "error-daily-spend"
    ((failed_id, key, params),) = notifier.failures
    assert (failed_id, key) == (project_id, "error-daily-spend")
    assert (params["spent"], params["ceiling"]) == (CEILING_USD, CEILING_USD)
    assert params["hours"] * 60 + params["minutes"] <= 24 * 60


async def test_the_llm_is_not_asked_over_the_ceiling(
    *,
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    openai_emu: OpenAIEmulator,
) -> None:
    providers = ProvidersSettings(script="openai", openai=openai_account(openai_emu))
    ctx = paid_ctx(settings, committing, notifier, providers)
    user_id, project_id = await payer_project(ctx, REQUEST)
    await spend(ctx, user_id, SPENT)

    await failed_with_the_ceiling(ctx, notifier, project_id, StageName.SCRIPT)

    assert len(openai_emu.requests) == 0


async def test_over_the_ceiling_the_offline_writer_takes_over_and_says_so(
    *,
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    openai_emu: OpenAIEmulator,
) -> None:
    providers = ProvidersSettings(script="openai,offline", openai=openai_account(openai_emu))
    ctx = paid_ctx(settings, committing, notifier, providers)
    user_id, project_id = await payer_project(ctx, REQUEST)
    await spend(ctx, user_id, SPENT)

    await run_stages(ctx, project_id, (StageName.SCRIPT, script.run))

    assert len(openai_emu.requests) == 0
    _, items = await project_state(ctx, project_id)
    (written,) = [item for item in items if item.kind is ArtifactKind.SCRIPT_JSON]
    assert written.meta == {"writer": "offline", "spend_limited": ["openai"]}
    async with committing() as session:
        result = await get_deliverables(session, ctx["storage"], user_id, project_id)
    assert result.spend_limited == ("script",)


async def test_yesterdays_spending_does_not_count(
    *,
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    openai_emu: OpenAIEmulator,
) -> None:
    providers = ProvidersSettings(script="openai,offline", openai=openai_account(openai_emu))
    ctx = paid_ctx(settings, committing, notifier, providers)
    user_id, project_id = await payer_project(ctx, REQUEST)
    await spend(ctx, user_id, "50.00", when=utcnow() - timedelta(days=1))

    await run_stages(ctx, project_id, (StageName.SCRIPT, script.run))

    assert openai_emu.requests.count("chat") >= 1


async def test_elevenlabs_is_not_asked_over_the_ceiling(
    *,
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    eleven: ElevenLabsEmulator,
) -> None:
    providers = ProvidersSettings(tts="elevenlabs", elevenlabs=eleven_account(eleven))
    ctx = paid_ctx(settings, committing, notifier, providers)
    user_id, project_id = await payer_project(ctx, REQUEST)
    await spend(ctx, user_id, SPENT)

    await failed_with_the_ceiling(ctx, notifier, project_id, StageName.VOICE)

    assert len(eleven.requests) == 0  # not even the subscription's quota


async def test_just_under_the_ceiling_the_estimate_decides(
    *,
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    eleven: ElevenLabsEmulator,
) -> None:
    """$0.99 spent of $1: the narration's few cents would pass the ceiling, so espeak speaks."""
    providers = ProvidersSettings(tts="elevenlabs,espeak", elevenlabs=eleven_account(eleven))
    ctx = paid_ctx(settings, committing, notifier, providers)
    user_id, project_id = await payer_project(ctx, REQUEST)
    await spend(ctx, user_id, "0.99")

    await run_stages(ctx, project_id, (StageName.SCRIPT, script.run), (StageName.VOICE, voice.run))

    assert len(eleven.requests) == 0
    _, items = await project_state(ctx, project_id)
    (spoken,) = [item for item in items if item.kind is ArtifactKind.VOICE_WAV]
    assert (spoken.meta["engine"], spoken.meta["spend_limited"]) == ("espeak", ["elevenlabs"])


async def test_fal_is_not_asked_over_the_ceiling(
    *,
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    fal: FalEmulator,
) -> None:
    providers = ProvidersSettings(images="fal", fal=fal_settings(fal))
    ctx = paid_ctx(settings, committing, notifier, providers)
    user_id, project_id = await payer_project(ctx, REQUEST)
    await spend(ctx, user_id, SPENT)

    await failed_with_the_ceiling(ctx, notifier, project_id, StageName.VISUALS)

    assert len(fal.requests) == 0


async def test_over_the_ceiling_scenes_are_drawn_offline_and_say_so(
    *,
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    fal: FalEmulator,
) -> None:
    providers = ProvidersSettings(images="fal,offline", fal=fal_settings(fal))
    ctx = paid_ctx(settings, committing, notifier, providers)
    user_id, project_id = await payer_project(ctx, REQUEST)
    await spend(ctx, user_id, SPENT)

    await run_stages(
        ctx,
        project_id,
        (StageName.SCRIPT, script.run),
        (StageName.VOICE, voice.run),
        (StageName.VISUALS, visuals.run),
    )

    assert len(fal.requests) == 0
    _, items = await project_state(ctx, project_id)
    scenes = [item for item in items if item.kind is ArtifactKind.SCENE_IMAGE]
    assert scenes
    assert all(scene.meta["source"] == "procedural" for scene in scenes)
    assert all(scene.meta["spend_limited"] == ["fal"] for scene in scenes)


async def test_openai_transcription_is_not_asked_over_the_ceiling(
    *,
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    openai_emu: OpenAIEmulator,
    tmp_path: Path,
) -> None:
    providers = ProvidersSettings(
        openai=openai_account(openai_emu), transcription=TranscriptionSettings(chain="openai")
    )
    ctx = paid_ctx(settings, committing, notifier, providers)
    user_id, project_id = await payer_project(ctx, REQUEST)
    await spend(ctx, user_id, SPENT)
    wav = tmp_path / "narration.wav"
    await EspeakSynth().synthesize("Foxes hide their food.", "en", VoiceParams(), wav)

    async with committing() as session:
        project = await projects.get_project_for_job(session, project_id)
        assert project is not None
        wallet = await stage_wallet(ctx, user_id, project_id, StageName.VOICE)
        with pytest.raises(DailySpendExceeded):
            await transcribe_audio(ctx, session, project, wav, StageName.VOICE, wallet=wallet)

    assert len(openai_emu.requests) == 0
