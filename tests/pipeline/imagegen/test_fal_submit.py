"""A fal job is never paid for twice: a failed submit is sent again only when fal confirms
the first was not accepted, and a retried scene waits for the job it already paid for. The
real fal_client against the emulator, which counts the jobs it queued (each one billed)."""

from pathlib import Path

from pipeline.imagegen.errors import ImagesOutcomeUnknown, ImagesUnavailable
from pipeline.imagegen.fal import FalSceneGenerator
from pipeline.imagegen.requests import CharacterLook, SceneSpec
from tests.emulators.fal import FalEmulator, JobScript
from tests.pipeline.imagegen.fal_support import CANVAS, FAST, fal_settings

ONE = [SceneSpec(0, "a lighthouse", CANVAS, 21)]
LOOK = CharacterLook("project:5")


async def test_a_job_accepted_despite_a_500_is_used_not_submitted_again(
    fal_emu: FalEmulator, tmp_path: Path
) -> None:
    fal_emu.faults.accepted_then_error("submit", 500)
    generator = FalSceneGenerator(fal_settings(fal_emu), policy=FAST)

    batch = await generator.generate(ONE, LOOK, tmp_path)

    assert batch.error is None
    assert fal_emu.requests.statuses("submit") == [500]  # sent once
    (job,) = fal_emu.jobs.values()  # fal made (and bills) one picture
    assert [billed.request_id for billed in batch.billed] == [job.request_id]
    assert fal_emu.requests.to("status")[0].notes["request_id"] == job.request_id
    assert batch.scenes[0].path.is_file()


async def test_a_500_fal_did_not_accept_is_submitted_again(
    fal_emu: FalEmulator, tmp_path: Path
) -> None:
    fal_emu.faults.server_error("submit")  # names a request fal has no record of
    generator = FalSceneGenerator(fal_settings(fal_emu), policy=FAST)

    batch = await generator.generate(ONE, LOOK, tmp_path)

    assert batch.error is None
    assert fal_emu.requests.statuses("submit") == [500, 200]
    assert fal_emu.requests.statuses("status")[0] == 404  # fal confirmed: not accepted
    assert len(fal_emu.jobs) == len(batch.billed) == 1


async def test_a_5xx_without_a_request_id_is_not_sent_again(
    fal_emu: FalEmulator, tmp_path: Path
) -> None:
    fal_emu.faults.raw("submit", 500, {"detail": "Internal Server Error"})
    generator = FalSceneGenerator(fal_settings(fal_emu), policy=FAST)

    batch = await generator.generate(ONE, LOOK, tmp_path)

    assert isinstance(batch.error, ImagesOutcomeUnknown)
    assert not batch.error.transient  # the job's retry would submit it again
    assert fal_emu.requests.statuses("submit") == [500]
    assert batch.billed == []


async def test_a_retried_scene_waits_for_the_job_it_paid_for(
    fal_emu: FalEmulator, tmp_path: Path
) -> None:
    """fal's status endpoint fails while the job runs: the stage's retry (the same scenes
    folder) waits for that job again instead of submitting and paying for another."""
    fal_emu.faults.server_error("status")
    generator = FalSceneGenerator(fal_settings(fal_emu), policy=FAST)

    first = await generator.generate(ONE, LOOK, tmp_path)
    assert isinstance(first.error, ImagesUnavailable)
    assert first.error.transient  # the job will try again...
    again = await generator.generate(ONE, LOOK, tmp_path)

    assert again.error is None
    (job,) = fal_emu.jobs.values()  # ...and uses the job fal already runs
    assert fal_emu.requests.count("submit") == 1
    assert [billed.request_id for billed in again.billed] == [job.request_id]
    assert not list((tmp_path / ".fal_jobs").glob("*.json"))  # done with, once saved


async def test_a_failed_job_is_forgotten_and_made_anew(
    fal_emu: FalEmulator, tmp_path: Path
) -> None:
    fal_emu.script_next(JobScript(queue_steps=1, progress_steps=1, error="GPU fell over"))
    generator = FalSceneGenerator(fal_settings(fal_emu), policy=FAST)

    failed = await generator.generate(ONE, LOOK, tmp_path)
    assert failed.error is not None
    made = await generator.generate(ONE, LOOK, tmp_path)

    assert made.error is None
    assert fal_emu.requests.count("submit") == 2  # fal bills no failed job: made again
