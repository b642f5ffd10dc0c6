"""Choose x264 settings by measurement and print JSON lines.

A fixed corpus (`bench.encode_corpus`: Shorts of 15, 30 and 60 s made offline with
procedural art, photos and a character, rendered once losslessly) is encoded under a staged
grid of x264 settings (`bench.encode_grid`). The grid runs on a window of each Short
(`--window-s`, from its middle); the baseline and the two picks then run on the whole Shorts.

Lines: one per clip of the corpus (`decode_cpu_s`: the reference's decoding, part of every
CPU figure); one per grid candidate (`stage`, `label`, `cpu_s` and `wall_s` summed over the
clips, `mbps` mean and max, VMAF mean / 5th percentile / harmonic mean, the worst clip's
mean VMAF, SSIM); the Pareto front (CPU seconds vs mean VMAF); the picks; and per clip the
whole Shorts' figures for the baseline and the picks (`size_mb`, `size_60s_mb`: the size at
that bitrate for 60 s, audio included).

`--candidates` skips the grid and runs the baseline, the profiles (`x264.PROFILES`) and the
given settings on the whole Shorts: each as preset,crf[,tune[,params]], e.g.
`superfast,22,animation,bframes=3`.

Run: `nice -n 5 python -m bench.encode [--corpus DIR] [--window-s 6] [--subsample 6]
[--candidates SETTINGS ...]`.
"""

import argparse
import json
import tempfile
from pathlib import Path

from bench.encode_corpus import ensure_corpus
from bench.encode_grid import BASE, Result, choose, pareto, search
from bench.encode_measure import Candidate, decode_cpu, encode, quality
from pipeline.ffmpeg.binary import find_ffmpeg
from pipeline.ffmpeg.x264 import PROFILES

FPS = 30
AUDIO_MBPS = 0.16


def emit(line: dict[str, object]) -> None:
    print(json.dumps(line), flush=True)


class Runner:
    """Measures a candidate on a set of references (once each: results are kept)."""

    def __init__(
        self, ffmpeg: str, refs: dict[str, tuple[Path, float]], subsample: int, scratch: Path
    ) -> None:
        self.ffmpeg, self.refs, self.subsample, self.scratch = ffmpeg, refs, subsample, scratch
        self.seen: dict[Candidate, Result] = {}

    def __call__(self, candidate: Candidate, stage: str) -> Result:
        if candidate in self.seen:
            return self.seen[candidate]
        result = Result(candidate, stage)
        for name, (ref, seconds) in self.refs.items():
            out = self.scratch / f"{name}.mp4"
            done = encode(self.ffmpeg, candidate, ref, out)
            result.clips[name] = {
                "cpu_s": done.cpu_s,
                "wall_s": done.wall_s,
                "size_mb": done.size_bytes / 2**20,
                "mbps": done.size_bytes * 8 / seconds / 1e6,
                **quality(self.ffmpeg, out, ref, self.subsample),
            }
            out.unlink()
        self.seen[candidate] = result
        emit(result.row())
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("data/bench-encode"))
    parser.add_argument("--window-s", type=float, default=6.0)
    parser.add_argument("--subsample", type=int, default=6, help="VMAF on every n-th frame")
    parser.add_argument("--no-whole", action="store_true", help="skip the whole Shorts' run")
    parser.add_argument("--candidates", nargs="+", type=parse_candidate, default=[])
    args = parser.parse_args()
    ffmpeg = find_ffmpeg(None)
    corpus = ensure_corpus(args.corpus, ffmpeg, args.window_s, FPS)
    windows: dict[str, tuple[Path, float]] = {}
    wholes: dict[str, tuple[Path, float]] = {}
    for clip, full, window in corpus:
        windows[clip.name] = (window, args.window_s)
        wholes[clip.name] = (full, clip.duration)
        emit({"clip": clip.name, "style": clip.style, "scenes": clip.scenes,
              "duration_s": clip.duration, "decode_cpu_s": round(decode_cpu(ffmpeg, full), 2),
              "window_decode_cpu_s": round(decode_cpu(ffmpeg, window), 2)})  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-encode-") as tmp:
        if args.candidates:
            whole_runs(ffmpeg, wholes, args.subsample, Path(tmp), args.candidates)
            return
        grid = Runner(ffmpeg, windows, args.subsample, Path(tmp))
        base, results = search(grid)
        for r in pareto(results):
            emit({"pareto": True, **r.row()})
        fast, best = choose(base, results)
        emit({"pick": "fast", **fast.row(), "x264": _profile(fast.candidate)})
        emit({"pick": "quality", **best.row(), "x264": _profile(best.candidate)})
        picks = [("baseline", BASE), ("fast", fast.candidate), ("quality", best.candidate)]
        if not args.no_whole:
            whole_runs(ffmpeg, wholes, args.subsample, Path(tmp), picks)


def parse_candidate(text: str) -> tuple[str, Candidate]:
    """`preset,crf[,tune[,params]]` (params colon-joined, as for `-x264-params`)."""
    preset, crf, *rest = text.split(",")
    tune, params = [*rest, "", ""][:2]
    return text, Candidate(preset, int(crf), params, tune)


def whole_runs(
    ffmpeg: str,
    wholes: dict[str, tuple[Path, float]],
    subsample: int,
    scratch: Path,
    picks: list[tuple[str, Candidate]],
) -> None:
    """The picks on the whole Shorts (after the baseline and the profiles, if not given)."""
    named = [(n, Candidate(p.preset, p.crf, p.x264_params, p.tune)) for n, p in PROFILES.items()]
    if not any(name == "baseline" for name, _ in picks):
        picks = [("baseline", BASE), *named, *picks]
    whole = Runner(ffmpeg, wholes, subsample, scratch)
    for pick, candidate in picks:
        result = whole(candidate, f"whole:{pick}")
        for name, figures in result.clips.items():
            size_60 = (figures["mbps"] + AUDIO_MBPS) * 60 / 8 * 1e6 / 2**20
            emit({"whole": pick, "clip": name, "size_60s_mb": round(size_60, 1),
                  **{k: round(v, 3) for k, v in figures.items()}})  # fmt: skip


def _profile(candidate: Candidate) -> dict[str, object]:
    return {"preset": candidate.preset, "crf": candidate.crf, "params": candidate.params,
            "tune": candidate.tune}  # fmt: skip


if __name__ == "__main__":
    main()
