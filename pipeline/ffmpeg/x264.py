"""The x264 profiles a render can use (`RENDER__PROFILE`), chosen by `bench/encode.py`.

x264's lookahead (frame types, and rate control's look ahead) runs in the thread that feeds
the encoder unless `sync-lookahead` gives it a thread and a buffer of its own. Without one,
that thread was the render's bottleneck on 2 cores: ~5.7 of a 30 s Short's 18 CPU s ran in
it while 5 core-seconds sat idle. `fast` keeps x264's default (a thread, bframes + 1 frames
of buffer): the same frames, the render 17-25 % sooner, ~20 MB more. `quality`'s lookahead
is 30 frames deep with mb-tree, so it stays in the calling thread (`sync-lookahead=0`) and
looks 10 frames ahead: its peak fell from 464 to 327 MB on a 30 s Short.
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

# Measured by `bench/encode.py` on the whole corpus (README, "Encoder settings"): superfast
# at CRF 23 tuned for animation, with 3 b-frames instead of the tune's 5, scores a higher VMAF
# than the baseline on every clip (+0.7 mean) for 23 % less CPU and 39-52 % less wall time,
# at ~1.6x the file; fast at CRF 23 looking 10 frames ahead matches the baseline's VMAF (-0.05)
# with files 22 % smaller, for ~1.56x its CPU.
PROFILES: dict[ProfileName, X264Profile] = {
    "fast": X264Profile("superfast", 23, "bframes=3", tune="animation"),
    "quality": X264Profile("fast", 23, "sync-lookahead=0:rc-lookahead=10"),
}
