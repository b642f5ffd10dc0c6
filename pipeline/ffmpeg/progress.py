"""`-progress pipe:1` blocks (key=value lines ending in `progress=`) as frozen values."""

from collections.abc import Mapping
from dataclasses import dataclass


def _float(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.rstrip("x").strip())
    except ValueError:  # ffmpeg prints "N/A" before it knows
        return None


@dataclass(frozen=True, slots=True)
class RenderProgress:
    frame: int
    out_time_s: float
    speed: float | None
    done: bool

    @classmethod
    def from_block(cls, block: Mapping[str, str]) -> "RenderProgress":
        """Build from one block; `out_time_us` is in microseconds despite older names."""
        out_us = _float(block.get("out_time_us")) or _float(block.get("out_time_ms")) or 0.0
        frame = _float(block.get("frame")) or 0.0
        return cls(
            frame=int(frame),
            out_time_s=max(out_us, 0.0) / 1_000_000,
            speed=_float(block.get("speed")),
            done=block.get("progress") == "end",
        )

    def fraction(self, duration_s: float) -> float:
        """Share of `duration_s` rendered so far, in [0, 1]."""
        if self.done:
            return 1.0
        return min(max(self.out_time_s / duration_s, 0.0), 1.0) if duration_s > 0 else 0.0


def parse_line(line: str, block: dict[str, str]) -> RenderProgress | None:
    """Feed one stdout line; returns a progress value when a block is complete."""
    key, sep, value = line.strip().partition("=")
    if not sep:
        return None
    block[key.strip()] = value.strip()
    if key.strip() != "progress":
        return None
    progress = RenderProgress.from_block(block)
    block.clear()
    return progress
