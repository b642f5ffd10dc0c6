"""Run as a script by test_faces_threads.py: fal's scenes scored at once, as the visuals
stage scores them (`face_scorer(...).score` in `asyncio.to_thread` threads). A data race in
dlib kills the process with a segfault, so this runs in its own interpreter."""

import asyncio
import shutil
import sys
from pathlib import Path

from infra.faces import face_on_backdrop, grace_hopper

from pipeline.imagegen.scoring import face_scorer

ROUNDS = 2
SIZES = [(120 + 30 * i, 160 + 40 * i) for i in range(8)]  # a pyramid per size: the race


async def main(folder: Path) -> None:
    photo = Path(shutil.copy(grace_hopper(), folder / "grace.jpg"))
    scorer = await face_scorer([photo])
    assert scorer is not None
    scenes = [
        face_on_backdrop(folder / f"scene_{i}.png", (30 * i, 90, 160), size)
        for i, size in enumerate(SIZES)
    ]
    for _ in range(ROUNDS):
        scores = await asyncio.gather(*(scorer.score(scene) for scene in scenes))
        assert all(score is not None and score > 0.9 for score in scores), scores
    print("scored", ROUNDS * len(scenes))


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
