"""A paid call's usage row is committed as soon as the provider answers: a stage that fails
afterwards (its session rolled back) keeps it, and a failure after a billed answer is final,
not retried by the job. Real PostgreSQL commits, the production queue and job, and each
provider's official SDK on its emulator, whose billing the tests count."""

from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import ProjectStatus, StageName, UsageUnit
from core.settings import ProvidersSettings, Settings
from jobs.queue import LocalQueue
from pipeline.produce import produce_short
from services.production import PRODUCE_SHORT, project_job_id
from services.projects import ProjectRequest
from tests.emulators.elevenlabs import ElevenLabsEmulator
from tests.emulators.fal import FalEmulator, JobScript
from tests.emulators.openai import OpenAIEmulator
from tests.pipeline.imagegen.fal_support import fal_settings
from tests.pipeline.money.money_support import (
    eleven_account,
    ledger,
    openai_account,
    paid_ctx,
    payer_project,
    project_state,
)
from tests.pipeline.stages.stage_support import RecordingNotifier

pytestmark = pytest.mark.timeout(120)

REQUEST = ProjectRequest(topic="Why foxes hide food", language="en", duration=12)


async def no_wait(seconds: float) -> None:
    del seconds  # the job's retry defers are not waited out


async def test_a_script_that_fails_after_two_paid_answers_keeps_both_rows(
    *,
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    openai_emu: OpenAIEmulator,
) -> None:
    openai_emu.reply_with("{", "{")  # not a script, twice: the writer gives up
    providers = ProvidersSettings(script="openai", openai=openai_account(openai_emu))
    ctx = paid_ctx(settings, committing, notifier, providers)
    user_id, project_id = await payer_project(ctx, REQUEST)

    await produce_short(ctx, project_id)

    project, _ = await project_state(ctx, project_id)
    assert project.status is ProjectStatus.FAILED
    assert project.error_key == "error-writer-answer-invalid"
    chats = openai_emu.requests.to("chat")
    rows = await ledger(ctx, user_id, "openai")
    assert len(chats) == len(rows) == 2  # the stage's rollback took neither row back
    for row, chat in zip(rows, chats, strict=True):
        assert row.unit is UsageUnit.TOKENS
        assert row.quantity == chat.notes["prompt_tokens"] + chat.notes["completion_tokens"]
        assert row.cost_usd > 0
        assert (row.project_id, row.stage) == (project_id, StageName.SCRIPT)
        assert row.request_id is not None


@pytest.mark.parametrize("answer", ["cut off", "silent"])
async def test_an_unusable_paid_voice_is_booked_once_and_not_asked_again(
    *,
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    eleven: ElevenLabsEmulator,
    answer: str,
) -> None:
    """The production queue retries transient failures up to 3 tries: this one is final."""
    if answer == "silent":
        eleven.faults.silent_audio(times=3)
    else:
        eleven.faults.malformed("tts_timestamps", times=3)
    providers = ProvidersSettings(tts="elevenlabs", elevenlabs=eleven_account(eleven))
    ctx = paid_ctx(settings, committing, notifier, providers)
    user_id, project_id = await payer_project(ctx, REQUEST)
    queue = LocalQueue(ctx, sleep=no_wait)

    await queue.enqueue(
        PRODUCE_SHORT, project_id, job_id=project_job_id(project_id, 1), owner=user_id
    )
    await queue.join()

    project, _ = await project_state(ctx, project_id)
    assert project.status is ProjectStatus.FAILED
    assert project.error_key == "error-tts-answer-unusable"
    assert queue.jobs_retried == 0
    calls = eleven.requests.to("tts_timestamps")
    assert len(calls) == 1
    (row,) = await ledger(ctx, user_id, "elevenlabs")
    assert row.unit is UsageUnit.CHARACTERS
    assert row.quantity == eleven.characters_billed == calls[0].notes["characters"]
    assert row.cost_usd == Decimal(row.quantity) * Decimal("0.30") / 1000
    assert row.request_id is not None
    assert [(pid, key) for pid, key, _ in notifier.failures] == [
        (project_id, "error-tts-answer-unusable")
    ]


async def test_scenes_that_fail_after_two_paid_pictures_keep_both_rows(
    *,
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
    fal: FalEmulator,
) -> None:
    flagged = JobScript(queue_steps=1, progress_steps=1, nsfw=True)
    fal.script_next(flagged, flagged)  # made twice, flagged twice: the stage fails
    providers = ProvidersSettings(images="fal", fal=fal_settings(fal, concurrency=1))
    ctx = paid_ctx(settings, committing, notifier, providers)
    user_id, project_id = await payer_project(ctx, REQUEST)

    await produce_short(ctx, project_id)

    project, _ = await project_state(ctx, project_id)
    assert project.status is ProjectStatus.FAILED
    assert project.error_key == "error-images-rejected"
    rows = await ledger(ctx, user_id, "fal")
    assert [row.request_id for row in rows] == list(fal.jobs)  # both pictures fal made
    assert all(row.cost_usd == Decimal("0.04") for row in rows)
    assert {row.stage for row in rows} == {StageName.VISUALS}
