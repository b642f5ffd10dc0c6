"""Scene pictures: fal in parallel vs one at a time, and the offline character pipeline.

fal runs through its emulator with the real fal-client and a realistic queue: each picture
takes a random 2-4 s (`--latency`), polled every 0.5 s as in production, then downloaded,
fitted to 1080x1920 and saved. The character has one reference photo (uploaded once).

fal lines: provider, scenes, concurrency, latency_s ([min, max] per picture), wall_s,
per_scene_s (wall_s / scenes), max_in_flight (jobs the emulator held at once), speedup
(the one-at-a-time wall_s / this one). The offline line (pipeline.faces): prepare_s (the
photo's cut-out and reference face, once), per_scene_s (procedural scene with the cut-out,
face score, PNG save at 1080x1920, one process), face_similarity (mean).

Run: `python -m bench.providers [--scenes 5] [--latency 2 4] [--concurrency 1 4 5]`.
"""

import argparse
import asyncio
import importlib.util
import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from core.settings import FalSettings
from pipeline.imagegen.fal import FalSceneGenerator
from pipeline.imagegen.hosts import configure_fal_hosts
from pipeline.imagegen.requests import CharacterLook, SceneSpec, pinned_seed
from tests.emulators.fal import FalEmulator, JobScript
from tests.infra.faces import grace_hopper

CANVAS = (1080, 1920)
PROMPTS = (
    "a lighthouse at dawn over a calm sea",
    "a fox walking through fresh snow",
    "a red tram on a rainy city street",
    "a cup of tea on a wooden desk by a window",
    "a kite above a green hill in the wind",
    "an old library with tall shelves",
)
STEPS = 3  # one step queued, two in progress: `latency` spread over them


def scene_specs(count: int, seed: int) -> list[SceneSpec]:
    return [SceneSpec(i, PROMPTS[i % len(PROMPTS)], CANVAS, seed) for i in range(count)]


async def fal_run(
    count: int, concurrency: int, latencies: list[float], workdir: Path
) -> dict[str, Any]:
    """Generate `count` scenes at `concurrency`; each job takes its latency from the list."""
    photo = workdir / "me.jpg"
    photo.write_bytes(grace_hopper().read_bytes())
    look = CharacterLook("character:1", "", (photo,), "bench")
    async with FalEmulator(queue_steps=1, progress_steps=STEPS - 1) as emulator:
        emulator.script_next(
            *(JobScript(queue_steps=1, progress_steps=STEPS - 1, step_seconds=s / STEPS)
              for s in latencies)
        )  # fmt: skip
        settings = FalSettings(
            api_key=SecretStr(emulator.key), queue_host=emulator.base_url, concurrency=concurrency
        )
        generator = FalSceneGenerator(settings)
        started = time.perf_counter()
        batch = await generator.generate(
            scene_specs(count, pinned_seed(look.key)), look, workdir / f"scenes_{concurrency}"
        )
        wall = time.perf_counter() - started
        in_flight = emulator.queue.max_active
    configure_fal_hosts(None)
    if batch.error is not None or len(batch.scenes) != count:
        raise RuntimeError(f"the fal bench failed: {batch.error}")
    return {
        "provider": "fal",
        "scenes": count,
        "concurrency": concurrency,
        "latency_s": [round(min(latencies), 2), round(max(latencies), 2)],
        "wall_s": round(wall, 2),
        "per_scene_s": round(wall / count, 2),
        "max_in_flight": in_flight,
    }


def offline_character(count: int, workdir: Path) -> dict[str, Any]:
    """The offline character pipeline's cost per scene (as the visuals stage draws it)."""
    if importlib.util.find_spec("pipeline.faces") is None:  # pragma: no cover
        return {"provider": "offline-character", "todo": "pipeline.faces is not installed"}
    from pipeline.faces.models import segmentation_model  # noqa: PLC0415
    from pipeline.faces.prepare import prepare_character  # noqa: PLC0415
    from pipeline.faces.scene import still_meta  # noqa: PLC0415
    from pipeline.stills import StillJob, draw_to  # noqa: PLC0415

    photo = workdir / "me.jpg"
    photo.write_bytes(grace_hopper().read_bytes())
    started = time.perf_counter()
    looks = prepare_character([photo], segmentation_model(), 0.9)
    prepare = time.perf_counter() - started
    scores, started = [], time.perf_counter()
    for i in range(count):
        job = StillJob(
            i, count, PROMPTS[i % len(PROMPTS)], "A calm morning.", "vivid", CANVAS, 1, None,
            character=looks[0],
        )  # fmt: skip
        path = workdir / f"offline_{i}.png"
        draw_to(job, path)
        scores.append(still_meta(path).get("face_similarity"))
    per_scene = (time.perf_counter() - started) / count
    found = [s for s in scores if isinstance(s, float)]
    return {
        "provider": "offline-character",
        "scenes": count,
        "prepare_s": round(prepare, 2),
        "per_scene_s": round(per_scene, 2),
        "face_similarity": round(statistics.fmean(found), 3) if found else None,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenes", type=int, default=5)
    parser.add_argument("--latency", type=float, nargs=2, default=[2.0, 4.0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 5])
    args = parser.parse_args()
    rng = random.Random(7)  # noqa: S311 - the same latencies for every run: a fair comparison
    latencies = [rng.uniform(*args.latency) for _ in range(args.scenes)]
    sequential: float | None = None
    for concurrency in sorted(args.concurrency):
        with tempfile.TemporaryDirectory(prefix="bench-providers-") as tmp:
            figures = await fal_run(args.scenes, concurrency, latencies, Path(tmp))
        sequential = sequential or figures["wall_s"]
        figures["speedup"] = round((sequential or 0.0) / figures["wall_s"], 2)
        print(json.dumps(figures), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-providers-") as tmp:
        print(json.dumps(offline_character(args.scenes, Path(tmp))), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
