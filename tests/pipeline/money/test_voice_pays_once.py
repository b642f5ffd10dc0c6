"""ElevenLabs is paid once per narration: a voice stage resumed after a crash takes the
answer from the speech cache, and a length that misses the target is fitted locally
(atempo) instead of by a second paid call. The emulator counts the characters it charged."""

import json
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import ArtifactKind, ProjectStatus, StageName, UsageUnit
from core.ports import StageProgress
from core.settings import ProvidersSettings, Settings
from db.models import UsageEntry
from db.queries import projects, scripts
from pipeline.context import JobCtx
from pipeline.produce import produce_short
from pipeline.speech.tempo import TEMPO_BOUNDS
from pipeline.speech.timing import speakable
from pipeline.speech.wav import measure
from pipeline.stage_runner import run_stage
from pipeline.stages import voice
from services.projects import ProjectRequest
from tests.emulators.elevenlabs import ElevenLabsEmulator, normalize
from tests.pipeline.money.money_support import (
    eleven_account,
    ledger,
    paid_ctx,
    payer_project,
    project_state,
)
from tests.pipeline.stages.stage_support import RecordingNotifier

pytestmark = pytest.mark.timeout(120)


class WorkerKilled(BaseException):
    """The process dies mid-stage: nothing of the stage is committed. (A BaseException, as a
    kill is: produce_short ends every Exception with a failed project and a message.)"""


async def no_report(fraction: float) -> None:
    del fraction


async def paid_rows(ctx: JobCtx, user_id: int) -> list[UsageEntry]:
    """ElevenLabs' charged characters (the seconds of speech are booked at no cost too)."""
    rows = await ledger(ctx, user_id, "elevenlabs")
    return [row for row in rows if row.unit is UsageUnit.CHARACTERS]


@pytest.fixture
async def slow_voice() -> AsyncIterator[ElevenLabsEmulator]:
    """A voice that speaks far slower than the script was sized for (0.09 s a character)."""
    async with ElevenLabsEmulator(seconds_per_char=0.09) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


async def test_a_voice_stage_resumed_after_a_crash_pays_once(
    *,
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    eleven: ElevenLabsEmulator,
) -> None:
    providers = ProvidersSettings(tts="elevenlabs", elevenlabs=eleven_account(eleven))
    ctx = paid_ctx(settings, committing, notifier, providers)
    user_id, project_id = await payer_project(
        ctx, ProjectRequest(topic="Why foxes hide food", language="en", duration=12)
    )

    def kill_after_speaking(update: StageProgress) -> None:
        if update.stage is StageName.VOICE and update.stage_fraction >= 0.9:
            raise WorkerKilled

    notifier.on_progress = kill_after_speaking
    with pytest.raises(WorkerKilled):
        await produce_short(ctx, project_id)
    notifier.on_progress = None
    paid_once = eleven.characters_billed
    assert eleven.requests.count("tts_timestamps") == 1

    async with committing() as session:  # the job again, from the voice stage
        project = await projects.get_project_for_job(session, project_id)
        assert project is not None
        await run_stage(ctx, session, project, StageName.VOICE, fn=voice.run, report=no_report)
        script = await scripts.get_script_for_job(session, project_id)
        assert script is not None

    narration = speakable(" ".join(str(scene["text"]) for scene in script.scenes))
    assert eleven.requests.count("tts_timestamps") == 1  # the cache answered
    assert paid_once == eleven.characters_billed == len(narration)
    (row,) = await paid_rows(ctx, user_id)  # the first run's, kept
    assert row.quantity == len(narration)
    _, items = await project_state(ctx, project_id)
    assert {item.kind for item in items} >= {ArtifactKind.VOICE_WAV, ArtifactKind.WORD_TIMINGS}


async def test_a_length_fit_is_done_locally_and_paid_once(
    *,
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    slow_voice: ElevenLabsEmulator,
) -> None:
    providers = ProvidersSettings(tts="elevenlabs", elevenlabs=eleven_account(slow_voice))
    ctx = paid_ctx(settings, committing, notifier, providers)
    target = 12.0
    user_id, project_id = await payer_project(
        ctx, ProjectRequest(topic="Why foxes hide food", language="en", duration=target)
    )

    def stop_after_voice(update: StageProgress) -> None:
        if update.stage is StageName.VISUALS:
            raise WorkerKilled  # the voice is all this test needs

    notifier.on_progress = stop_after_voice
    with pytest.raises(WorkerKilled):
        await produce_short(ctx, project_id)

    project, items = await project_state(ctx, project_id)
    assert project.status is ProjectStatus.RUNNING
    (call,) = slow_voice.requests.to("tts_timestamps")  # no second, fitted call
    first_s = len(normalize(call.json["text"])) * 0.09  # how long the paid answer lasted
    assert first_s - target > voice.FIT_TOLERANCE_S
    (row,) = await paid_rows(ctx, user_id)
    assert row.quantity == slow_voice.characters_billed == call.notes["characters"]
    wav = next(item for item in items if item.kind is ArtifactKind.VOICE_WAV)
    timings = next(item for item in items if item.kind is ArtifactKind.WORD_TIMINGS)
    stored = json.loads(ctx["storage"].resolve(timings.path).read_text())
    tempo = TEMPO_BOUNDS[1]  # 1.6x too long: sped up as far as still sounds natural
    assert wav.meta["tempo"] == stored["tempo"] == tempo
    spoken = measure(ctx["storage"].resolve(wav.path)).duration
    assert spoken == pytest.approx(stored["duration"])
    assert spoken == pytest.approx(first_s / tempo, abs=0.1)
    assert stored["words"][-1]["end"] <= spoken + 0.01  # the timings moved with the audio
