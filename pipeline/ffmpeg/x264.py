"""The x264 profiles a render can use (`RENDER__PROFILE`), chosen by `bench/encode.py`.

Every profile keeps `sync-lookahead=0`: x264's threaded lookahead buffers frames ahead of the
encoder threads, and turning it off saves ~40 MB at 1080x1920 and changes no encoding
decision (measured: 477 -> 436 MB peak).
"""

from dataclasses import dataclass
from typing import Literal

ProfileName = Literal["fast", "quality"]


@dataclass(frozen=True, slots=True)
class X264Profile:
    preset: str
    crf: int
    x264_params: str  # colon-joined key=value pairs, given to `-x264-params`


# The settings used before profiles (veryfast, CRF 21): the bench's baseline.
BASELINE = X264Profile("veryfast", 21, "sync-lookahead=0")

# Measured by `bench/encode.py` (README, Benchmarks): superfast at CRF 22 holds the baseline's
# mean VMAF on the corpus for ~30 % less encoder CPU (and a larger file); faster at CRF 22
# gives a better VMAF and a smaller file than the baseline for ~50 % more.
PROFILES: dict[ProfileName, X264Profile] = {
    "fast": X264Profile("superfast", 22, "sync-lookahead=0"),
    "quality": X264Profile("faster", 22, "sync-lookahead=0"),
}
