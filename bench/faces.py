"""Time the offline character at 1080x1920 and print one JSON line.

Keys: reference_s (face detection and embedding of one photo), cutout_s (segmenting it),
cutout_cached_s, compose_s and score_s (per scene, mean; compose includes drawing the
procedural background), scene_s (compose + score), scores (min/mean/max face similarity over
the scenes), other_person (a different face against the reference). Models are loaded first.
The photos are the ones shipped in wheels: Grace Hopper (matplotlib), Luis Pedro (mahotas).

Run: `python -m bench.faces [--scenes 12]`.
"""

import argparse
import importlib.util
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from pipeline.faces.cutout import cut_out
from pipeline.faces.identity import reference_from_photos, similarity_of
from pipeline.faces.models import segmentation_model
from pipeline.faces.scene import SceneCharacter, SceneText, draw_character_scene

STYLES = ("vivid", "dark", "pastel", "neon", "warm", "minimal")


def _wheel_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    folders = list(spec.submodule_search_locations or []) if spec else []
    return Path(folders[0]).joinpath(*parts)


def measure(scenes: int) -> dict[str, object]:
    grace = _wheel_file("matplotlib", "mpl-data", "sample_data", "grace_hopper.jpg")
    other = _wheel_file("mahotas", "demos", "data", "luispedro.jpg")
    model = segmentation_model()
    with tempfile.TemporaryDirectory(prefix="bench-faces-") as folder:
        photo = Path(shutil.copy(grace, Path(folder) / "me.jpg"))
        cut_out(Path(shutil.copy(other, Path(folder) / "warmup.jpg")), model, Path(folder))
        started = time.perf_counter()  # the models are loaded now
        reference = reference_from_photos([photo])
        reference_s = time.perf_counter() - started
        started = time.perf_counter()
        cutout = cut_out(photo, model, Path(folder))
        cutout_s = time.perf_counter() - started
        started = time.perf_counter()
        cut_out(photo, model, Path(folder))
        cached_s = time.perf_counter() - started
        face = cutout.face
        look = SceneCharacter(
            cutout.path, (face.left, face.top, face.right, face.bottom), cutout.touches_bottom,
            reference, 0.9,
        )  # fmt: skip
        compose, score, values = [], [], []
        for index in range(scenes):
            text = SceneText(index, scenes, f"scene {index}", "Why octopuses are smart",
                             STYLES[index % len(STYLES)], (1080, 1920), 11)  # fmt: skip
            started = time.perf_counter()
            image = draw_character_scene(text, look)
            compose.append(time.perf_counter() - started)
            started = time.perf_counter()
            value = similarity_of(reference, np.asarray(image, dtype=np.uint8))
            score.append(time.perf_counter() - started)
            values.append(value if value is not None else 0.0)
        other_score = similarity_of(reference_from_photos([Path(folder) / "warmup.jpg"]),
                                    np.asarray(image, dtype=np.uint8))  # fmt: skip
    return {
        "scenes": scenes,
        "reference_s": round(reference_s, 3),
        "cutout_s": round(cutout_s, 3),
        "cutout_cached_s": round(cached_s, 4),
        "compose_s": round(statistics.mean(compose), 3),
        "score_s": round(statistics.mean(score), 3),
        "scene_s": round(statistics.mean(compose) + statistics.mean(score), 3),
        "scores": {
            "min": round(min(values), 4),
            "mean": round(statistics.mean(values), 4),
            "max": round(max(values), 4),
        },
        "other_person": round(other_score or 0.0, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", type=int, default=12)
    print(json.dumps(measure(parser.parse_args().scenes)))


if __name__ == "__main__":
    main()
