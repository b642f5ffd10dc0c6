"""The staged search over x264 settings, the Pareto front and the two picks.

Stages: presets x CRF; then per preset the CRF interpolated to match the baseline's VMAF;
then single tweaks (tune, b-frames, AQ, psy, motion search, lookahead, ...) on the fastest
preset that matched, and the tweaks that helped, combined.
"""

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bench.encode_measure import Candidate
from pipeline.ffmpeg.x264 import BASELINE

PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium")
CRFS = (18, 22, 26)
TWEAKS = (
    "tune=animation", "tune=stillimage", "bframes=0", "bframes=1", "aq-mode=0", "aq-mode=2",
    "psy=0", "weightp=0", "mbtree=0", "rc-lookahead=5", "subme=1", "me=dia", "deblock=1,1",
)  # fmt: skip
# Telegram's bot upload limit (50 MB) for a 60 s Short, with the 160 kb/s audio and a margin
# of 10 % for scenes harder than the corpus's: the video's ceiling in Mb/s.
MAX_VIDEO_MBPS = (50 * 8 * 2**20 / 1e6 / 60 - 0.16) * 0.9
CLIP_SLACK = 0.5  # VMAF points a clip may lose to the baseline when the mean holds


@dataclass(slots=True)
class Result:
    """A candidate's figures summed (CPU, wall) or averaged (quality, Mb/s) over the clips."""

    candidate: Candidate
    stage: str
    clips: dict[str, dict[str, float]] = field(default_factory=dict)

    def total(self, key: str) -> float:
        return sum(c[key] for c in self.clips.values())

    def mean(self, key: str) -> float:
        return self.total(key) / len(self.clips)

    def worst(self, key: str) -> float:
        return min(c[key] for c in self.clips.values())

    def row(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "label": self.candidate.label,
            "cpu_s": round(self.total("cpu_s"), 2),
            "wall_s": round(self.total("wall_s"), 2),
            "mbps": round(self.mean("mbps"), 3),
            "mbps_max": round(max(c["mbps"] for c in self.clips.values()), 3),
            **{k: round(self.mean(k), 3) for k in ("vmaf", "vmaf_p5", "vmaf_hmean")},
            "vmaf_worst_clip": round(self.worst("vmaf"), 3),
            "ssim": round(self.mean("ssim"), 5),
        }


Measure = Callable[[Candidate, str], Result]
BASE = Candidate(BASELINE.preset, BASELINE.crf, BASELINE.x264_params)


def with_tweak(candidate: Candidate, tweak: str) -> Candidate:
    key, value = tweak.split("=", 1)
    if key == "tune":
        return Candidate(candidate.preset, candidate.crf, candidate.params, value)
    return Candidate(
        candidate.preset, candidate.crf, f"{candidate.params}:{tweak}", candidate.tune
    )


def matched_crf(points: list[Result], target: float) -> int:
    """The largest CRF whose VMAF, interpolated between measured CRFs, reaches `target`."""
    pts = sorted((r.candidate.crf, r.mean("vmaf")) for r in points)
    best = pts[0][0] - 2  # below the lowest measured CRF: extrapolate a little, no more
    for (c0, v0), (c1, v1) in itertools.pairwise(pts):
        for crf in range(c0, c1 + 1):
            if v0 + (v1 - v0) * (crf - c0) / (c1 - c0) >= target:
                best = crf
    return best


def holds(result: Result, base: Result) -> bool:
    """At the baseline's VMAF on the mean, no clip more than CLIP_SLACK below its own."""
    return result.mean("vmaf") >= base.mean("vmaf") and all(
        result.clips[name]["vmaf"] >= clip["vmaf"] - CLIP_SLACK
        for name, clip in base.clips.items()
    )


def fits(result: Result) -> bool:
    return max(c["mbps"] for c in result.clips.values()) <= MAX_VIDEO_MBPS


def search(measure: Measure) -> tuple[Result, list[Result]]:
    """Run the stages; the baseline's result and every result."""
    base = measure(BASE, "baseline")
    results = [base]
    by_preset: dict[str, list[Result]] = {}
    for preset in PRESETS:
        for crf in CRFS:
            by_preset.setdefault(preset, []).append(measure(Candidate(preset, crf), "presets"))
    results += [r for rs in by_preset.values() for r in rs]
    matched = []
    for preset in PRESETS:
        crf = matched_crf(by_preset[preset], base.mean("vmaf"))
        if crf not in CRFS:
            matched.append(measure(Candidate(preset, crf), "crf"))
    results += matched
    good = [r for r in results if holds(r, base) and fits(r)]
    start = min(good, key=lambda r: r.total("cpu_s")) if good else base
    tweaked = [measure(with_tweak(start.candidate, t), "tweaks") for t in TWEAKS]
    results += tweaked
    helped = [t for t, r in zip(TWEAKS, tweaked, strict=True) if _helped(r, start)]
    if len(helped) > 1:
        combo = start.candidate
        for tweak in helped:
            combo = with_tweak(combo, tweak)
        results += [measure(combo, "combined")]
    return base, results


def _helped(result: Result, start: Result) -> bool:
    """Faster at no VMAF cost, or better VMAF at no CPU cost."""
    cpu, vmaf = result.total("cpu_s"), result.mean("vmaf")
    return (cpu < start.total("cpu_s") * 0.97 and vmaf >= start.mean("vmaf") - 0.1) or (
        vmaf > start.mean("vmaf") + 0.2 and cpu <= start.total("cpu_s") * 1.02
    )


def pareto(results: Iterable[Result]) -> list[Result]:
    """The results no other beats on both CPU seconds (lower) and mean VMAF (higher)."""
    front: list[Result] = []
    for r in sorted(results, key=lambda r: (r.total("cpu_s"), -r.mean("vmaf"))):
        if not front or r.mean("vmaf") > front[-1].mean("vmaf"):
            front.append(r)
    return front


def choose(base: Result, results: list[Result]) -> tuple[Result, Result]:
    """The fast pick (cheapest that holds the baseline's VMAF and fits) and the quality pick
    (cheapest a VMAF point above the baseline with a smaller file; else the best VMAF with a
    smaller file)."""
    fast = min((r for r in results if holds(r, base) and fits(r)), key=lambda r: r.total("cpu_s"))
    smaller = [r for r in results if r.mean("mbps") < base.mean("mbps")]
    better = [r for r in smaller if r.mean("vmaf") >= base.mean("vmaf") + 1.0]
    if better:
        return fast, min(better, key=lambda r: r.total("cpu_s"))
    return fast, max(smaller or results, key=lambda r: r.mean("vmaf"))
