"""fal failures mapped to domain errors, retries, cancel on timeout, and the likeness check."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.imagegen.errors import ImageOutputInvalid, ImagesRejected, ImagesUnavailable
from pipeline.imagegen.fal import FalSceneGenerator
from pipeline.imagegen.queue import QueuePolicy
from pipeline.imagegen.requests import CharacterLook, SceneSpec
from tests.emulators.fal import FalEmulator, JobScript
from tests.pipeline.imagegen.fal_support import CANVAS, FAST, fal_settings

ONE = [SceneSpec(0, "a lighthouse", CANVAS, 21)]
LOOK = CharacterLook("project:5")


async def test_a_500_on_submit_is_retried(fal_emu: FalEmulator, tmp_path: Path) -> None:
    fal_emu.faults.server_error("submit", times=2)
    generator = FalSceneGenerator(fal_settings(fal_emu), policy=FAST)

    batch = await generator.generate(ONE, LOOK, tmp_path)

    assert batch.error is None
    assert fal_emu.requests.statuses("submit") == [500, 500, 200]
    assert len(batch.billed) == 1


async def test_submit_is_retried_a_bounded_number_of_times(
    fal_emu: FalEmulator, tmp_path: Path
) -> None:
    fal_emu.faults.server_error("submit", times=10)
    generator = FalSceneGenerator(fal_settings(fal_emu), policy=FAST)

    batch = await generator.generate(ONE, LOOK, tmp_path)

    assert isinstance(batch.error, ImagesUnavailable)
    assert batch.error.transient
    assert fal_emu.requests.statuses("submit") == [500, 500, 500]
    assert batch.billed == []


async def test_a_bad_key_is_a_clear_permanent_error(fal_emu: FalEmulator, tmp_path: Path) -> None:
    generator = FalSceneGenerator(fal_settings(fal_emu, key="wrong:key"), policy=FAST)

    batch = await generator.generate(ONE, LOOK, tmp_path)

    assert isinstance(batch.error, ImagesRejected)
    assert not batch.error.transient
    assert str(batch.error) == "fal.ai refused the request: the API key was refused (HTTP 401)"
    assert "wrong" not in str(batch.error)
    assert fal_emu.requests.count("submit") == 1  # a 401 is not retried


async def test_no_key_is_refused_before_any_request(fal_emu: FalEmulator, tmp_path: Path) -> None:
    settings = fal_settings(fal_emu).model_copy(update={"api_key": None})
    batch = await FalSceneGenerator(settings, policy=FAST).generate(ONE, LOOK, tmp_path)
    assert isinstance(batch.error, ImagesRejected)
    assert len(fal_emu.requests) == 0


async def test_flagged_twice_is_refused(fal_emu: FalEmulator, tmp_path: Path) -> None:
    flagged = JobScript(queue_steps=1, progress_steps=1, nsfw=True)
    fal_emu.script_next(flagged, flagged)
    generator = FalSceneGenerator(fal_settings(fal_emu), policy=FAST)

    batch = await generator.generate(ONE, LOOK, tmp_path)

    assert isinstance(batch.error, ImagesRejected)
    assert "unsafe" in str(batch.error)
    assert len(batch.billed) == 2
    assert not list(tmp_path.glob("scene_*.png"))


async def test_a_job_over_the_timeout_is_cancelled(fal_emu: FalEmulator, tmp_path: Path) -> None:
    fal_emu.script_next(JobScript(queue_steps=10_000))
    policy = QueuePolicy(timeout_s=0.3, interval=0.01)
    generator = FalSceneGenerator(fal_settings(fal_emu), policy=policy)

    batch = await generator.generate(ONE, LOOK, tmp_path)

    assert isinstance(batch.error, ImagesUnavailable)
    assert "cancelled" in str(batch.error)
    assert fal_emu.last_job.cancel_calls == 1
    assert fal_emu.last_job.cancelled


async def test_a_failed_job_is_unavailable(fal_emu: FalEmulator, tmp_path: Path) -> None:
    fal_emu.script_next(JobScript(queue_steps=1, progress_steps=1, error="GPU fell over"))
    batch = await FalSceneGenerator(fal_settings(fal_emu), policy=FAST).generate(
        ONE, LOOK, tmp_path
    )
    assert isinstance(batch.error, ImagesUnavailable)
    assert fal_emu.requests.count("submit") == 1


@pytest.mark.parametrize("route", ["result", "file"])
async def test_malformed_output_is_an_error(
    fal_emu: FalEmulator, tmp_path: Path, route: str
) -> None:
    fal_emu.faults.malformed(route)
    generator = FalSceneGenerator(fal_settings(fal_emu), policy=FAST)

    batch = await generator.generate(ONE, LOOK, tmp_path)

    assert isinstance(batch.error, ImageOutputInvalid)
    assert not list(tmp_path.glob("scene_*.png"))


class ScriptedScorer:
    """Scores from a list, in call order; records the files it was shown."""

    def __init__(self, scores: list[float | None]) -> None:
        self.scores: Iterator[float | None] = iter(scores)
        self.seen: list[Path] = []

    async def score(self, path: Path) -> float | None:
        assert path.is_file()
        self.seen.append(path)
        return next(self.scores)


@pytest.mark.parametrize(
    ("scores", "kept", "submits"),
    [
        ([0.95], 0.95, 1),  # alike: kept at once
        ([0.5, 0.8], 0.8, 2),  # unlike: made again, the better one kept
        ([0.6, 0.4], 0.6, 2),  # the second is worse: the first stays
        ([None, None], 0.0, 2),  # no face in either: the character is missing, reported as 0
        ([None, 0.93], 0.93, 2),  # no face, then the character: the second one kept
    ],
)
async def test_an_unlike_scene_is_made_again_once_and_the_better_kept(
    fal_emu: FalEmulator,
    tmp_path: Path,
    scores: list[float | None],
    kept: float | None,
    submits: int,
) -> None:
    scorer = ScriptedScorer(scores)
    generator = FalSceneGenerator(fal_settings(fal_emu), policy=FAST, scorer=scorer, threshold=0.9)

    batch = await generator.generate(ONE, LOOK, tmp_path)

    assert batch.error is None
    scene = batch.scenes[0]
    assert scene.meta.get("face_similarity") == kept
    seeds = [s.json["seed"] for s in fal_emu.requests.to("submit")]
    assert len(seeds) == submits == len(batch.billed)
    first = 0.0 if scores[0] is None else scores[0]
    assert scene.meta["seed"] == (seeds[0] if kept == first else seeds[1])
    assert len(set(seeds)) == len(seeds)
    assert not any(path.exists() for path in scorer.seen)  # probes are cleaned up
