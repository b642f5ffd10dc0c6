"""Time the procedural scene art at 1080x1920 and print one JSON line.

Keys: styles (how many were drawn), per_image_s (mean over one scene in every style, after a
warm-up that loads the fonts), slowest_s and slowest_style.

Run: `python -m bench.art [--rounds 1]`.
"""

import argparse
import json
import statistics
import time

from pipeline.art.procedural import draw_scene
from pipeline.art.styles import STYLE_NAMES

SIZE = (1080, 1920)
PROMPT = "a compass on an open map; setting: coastline; mood: inspiring; style: vivid"
TITLE = "«Утренний бег»"  # noqa: RUF001 - a Russian title: Cyrillic on purpose


def measure(rounds: int) -> dict[str, object]:
    draw_scene(0, 6, PROMPT, "warm-up", "vivid", SIZE, 0)
    times: dict[str, list[float]] = {style: [] for style in STYLE_NAMES}
    for round_ in range(rounds):
        for index, style in enumerate(STYLE_NAMES):
            started = time.perf_counter()
            draw_scene(index, 6, f"{PROMPT} {index}", TITLE, style, SIZE, round_)
            times[style].append(time.perf_counter() - started)
    means = {style: statistics.mean(values) for style, values in times.items()}
    slowest = max(means, key=means.__getitem__)
    return {
        "styles": len(STYLE_NAMES),
        "rounds": rounds,
        "per_image_s": round(statistics.mean(means.values()), 3),
        "slowest_s": round(means[slowest], 3),
        "slowest_style": slowest,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    print(json.dumps(measure(parser.parse_args().rounds)))


if __name__ == "__main__":
    main()
