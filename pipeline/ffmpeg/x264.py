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
    tune: str = ""  # x264's `-tune`, if any


# The settings used before profiles (veryfast, CRF 21): the bench's baseline.
BASELINE = X264Profile("veryfast", 21, "sync-lookahead=0")

# Measured by `bench/encode.py` on an idle machine (README, "Encoder settings"): on the whole
# corpus superfast at CRF 22 tuned for animation scores a higher VMAF than the baseline on
# every clip for ~29 % less encoder CPU (and about 1.7x the file); fast at CRF 23 scores higher
# again with a ~5 % smaller file for ~1.9x the encoder CPU.
PROFILES: dict[ProfileName, X264Profile] = {
    "fast": X264Profile("superfast", 22, "sync-lookahead=0", tune="animation"),
    "quality": X264Profile("fast", 23, "sync-lookahead=0"),
}
