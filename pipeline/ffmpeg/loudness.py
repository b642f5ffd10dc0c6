"""Loudness measurement: parse ebur128's summary, measure a finished file."""

import re
from pathlib import Path

from pipeline.ffmpeg.errors import RenderError
from pipeline.ffmpeg.runner import run_ffmpeg
from pipeline.ffmpeg.spec import Loudness

_INTEGRATED = re.compile(r"Integrated loudness:\s*\n\s*I:\s*(-?[\d.]+|-?inf) LUFS")
_PEAK = re.compile(r"(?:Sample|True) peak:\s*\n\s*Peak:\s*(-?[\d.]+|-?inf) dBFS")


def _last(pattern: re.Pattern[str], text: str) -> float | None:
    found = pattern.findall(text)
    return max(float(found[-1]), -99.0) if found else None


def parse_ebur128(stderr_tail: str) -> Loudness:
    """The summary `ebur128=peak=sample` prints when the stream ends."""
    integrated, peak = _last(_INTEGRATED, stderr_tail), _last(_PEAK, stderr_tail)
    if integrated is None or peak is None:
        raise RenderError([], stderr_tail, "ebur128 printed no summary")
    return Loudness(integrated_lufs=integrated, sample_peak_db=peak)


async def measure_loudness(
    ffmpeg: str,
    path: Path,
    *,
    timeout: float = 120.0,  # noqa: ASYNC109 - passed to run_ffmpeg
) -> float:
    """Integrated loudness (LUFS, EBU R128) of a file's first audio stream."""
    argv = [ffmpeg, "-hide_banner", "-nostdin", "-nostats", "-i", str(path), "-map", "0:a:0",
            "-af", "ebur128=peak=sample:framelog=quiet", "-f", "null", "-"]  # fmt: skip
    return parse_ebur128(await run_ffmpeg(argv, timeout=timeout)).integrated_lufs
