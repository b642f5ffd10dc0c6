"""Segment planning (pure): which scenes each parallel render process draws, and when.

A segment is a run of consecutive body clips (scenes and still cards) cut at a clip's first
frame, so every cut falls on a frame boundary where a transition starts. The clip before
the cut is still on screen for the transition's `overlap` frames, sliding out (or being
covered): the segment draws it too, from its still, at the same point of its motion. The
whole Short is the one segment `whole(tl)`, which is what the one-process render draws.
"""

import os
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from pipeline.ffmpeg.timeline import Timeline

SegmentsSetting = Literal["auto", "off"] | int


@dataclass(frozen=True, slots=True)
class Parallelism:
    """How a render runs: in `segments` processes at once, each encoding with `threads`."""

    segments: int = 1
    threads: int = 1


@dataclass(frozen=True, slots=True)
class Segment:
    index: int
    start: int  # first output frame
    end: int  # output frame after its last
    first: int  # first body clip drawn (the one sliding out at `body_start`, if any)
    last: int  # last body clip drawn
    body_start: int  # body frames shown: [body_start, body_end)
    body_end: int
    intro: bool  # starts with the video-clip intro
    outro: bool  # ends with the video-clip outro

    @property
    def frames(self) -> int:
        return self.end - self.start


def whole(tl: Timeline) -> Segment:
    """The whole Short as one segment."""
    last = len(tl.body) - 1
    return Segment(
        0, 0, tl.total, 0, last, 0, tl.body_frames, tl.intro is not None, tl.outro is not None
    )


def choose_parallelism(
    setting: SegmentsSetting, cores: int, tl: Timeline, threads: int
) -> Parallelism:
    """Segments and encoder threads for a render that may use `cores` cores, whose one
    encode uses `threads` (`EncodeSpec.threads`).

    `auto` splits only when the cores are more than one encode uses: as many segments as
    encodes the cores feed. Each segment is a whole ffmpeg process (graph and x264: about
    300 MB at 1080x1920), so memory grows with the count. A segment starts at a clip, so
    there are never more segments than body clips.
    """
    if setting == "off":
        wanted = 1
    elif setting == "auto":
        wanted = cores // max(threads, 1)
    else:
        wanted = setting
    count = max(1, min(wanted, len(tl.body)))
    return Parallelism(count, max(1, min(threads, cores // count)))


def _cuts(tl: Timeline, count: int) -> list[int]:
    """Body clips that start a segment (after the first), balanced by output frames."""
    offset = tl.intro.frames if tl.intro else 0
    cuts: list[int] = []
    for i in range(1, count):
        target = tl.total * i / count
        low = cuts[-1] + 1 if cuts else 1
        high = len(tl.body) - (count - i)  # leave a clip for every later segment
        best = min(range(low, high + 1), key=lambda k: abs(offset + tl.body[k].start - target))
        cuts.append(best)
    return cuts


def plan_segments(tl: Timeline, count: int) -> tuple[Segment, ...]:
    """`count` segments covering the Short's frames once, in order (`count` <= body clips)."""
    if not 1 <= count <= len(tl.body):
        raise ValueError(f"cannot cut {len(tl.body)} clips into {count} segments")
    offset = tl.intro.frames if tl.intro else 0
    firsts = [0, *_cuts(tl, count)]
    bounds = [*(tl.body[k].start for k in firsts), tl.body_frames]
    segments = []
    for i, (body_start, body_end) in enumerate(pairwise(bounds)):
        first = firsts[i]
        drawn = first - 1 if first > 0 and tl.overlap > 0 else first
        last = firsts[i + 1] - 1 if i + 1 < count else len(tl.body) - 1
        is_first, is_last = i == 0, i == count - 1
        segments.append(
            Segment(
                index=i,
                start=0 if is_first else offset + body_start,
                end=tl.total if is_last else offset + body_end,
                first=drawn,
                last=last,
                body_start=body_start,
                body_end=body_end,
                intro=is_first and tl.intro is not None,
                outro=is_last and tl.outro is not None,
            )
        )
    return tuple(segments)


def usable_cores() -> int:
    """Cores this process may run on (its affinity mask: `taskset` and cgroups cpusets)."""
    return len(os.sched_getaffinity(0))
