"""One encode of a lossless reference under x264 settings, and its quality against it.

The CPU figure is the encoding ffmpeg's own user+sys time (`os.wait4`), decoding the
reference included (the same for every candidate: `decode_cpu_s` says how much). Quality is
libvmaf's VMAF (model vmaf_v0.6.1) and SSIM (its float_ssim feature) on every `subsample`-th
frame, measured the same way for every candidate.
"""

import json
import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.ffmpeg.encoders import x264_args
from pipeline.ffmpeg.spec import EncodeSpec
from pipeline.ffmpeg.x264 import X264Profile

QUIET = ("-hide_banner", "-nostdin", "-loglevel", "error", "-y")


@dataclass(frozen=True, slots=True)
class Candidate:
    """x264 settings: a profile as the product would carry it, plus an optional tune."""

    preset: str
    crf: int
    params: str = "sync-lookahead=0"
    tune: str = ""

    @property
    def label(self) -> str:
        extra = self.params.removeprefix("sync-lookahead=0").lstrip(":")
        return ":".join(p for p in (self.preset, f"crf{self.crf}", self.tune, extra) if p)

    def profile(self) -> X264Profile:
        return X264Profile(self.preset, self.crf, self.params, self.tune)

    def argv(self, ffmpeg: str, reference: Path, out: Path) -> list[str]:
        spec = EncodeSpec(
            preset=self.preset, crf=self.crf, x264_params=self.params, tune=self.tune
        )
        return [
            ffmpeg, *QUIET, "-i", str(reference), "-an", *x264_args(spec),
            "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(out),
        ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Encoded:
    cpu_s: float
    wall_s: float
    size_bytes: int


def run_timed(argv: list[str]) -> tuple[float, float]:
    """Run `argv`; its CPU seconds (user + sys of the child alone) and wall seconds."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, argv)
    return usage.ru_utime + usage.ru_stime, time.perf_counter() - started


def decode_cpu(ffmpeg: str, reference: Path) -> float:
    """CPU seconds to decode the reference alone (part of every encode's figure)."""
    return run_timed([ffmpeg, *QUIET, "-i", str(reference), "-an", "-f", "null", "-"])[0]


def encode(ffmpeg: str, candidate: Candidate, reference: Path, out: Path) -> Encoded:
    cpu_s, wall_s = run_timed(candidate.argv(ffmpeg, reference, out))
    return Encoded(cpu_s, wall_s, out.stat().st_size)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def quality(ffmpeg: str, encoded: Path, reference: Path, subsample: int) -> dict[str, float]:
    """VMAF (mean, 5th percentile, harmonic mean) and SSIM (mean, min) against `reference`."""
    with tempfile.TemporaryDirectory(prefix="bench-vmaf-") as tmp:
        log = Path(tmp) / "vmaf.json"
        graph = (
            "[0:v]setpts=PTS-STARTPTS[d];[1:v]setpts=PTS-STARTPTS[r];"
            f"[d][r]libvmaf=n_subsample={subsample}:n_threads=2:log_fmt=json:"
            f"log_path={log}:feature=name=float_ssim"
        )
        argv = [ffmpeg, *QUIET, "-i", str(encoded), "-i", str(reference), "-lavfi", graph,
                "-f", "null", "-"]  # fmt: skip
        subprocess.run(argv, check=True)
        frames = json.loads(log.read_text(encoding="utf-8"))["frames"]
    vmaf = [float(f["metrics"]["vmaf"]) for f in frames]
    ssim = [float(f["metrics"]["float_ssim"]) for f in frames]
    return {
        "vmaf": statistics.fmean(vmaf),
        "vmaf_p5": _percentile(vmaf, 0.05),
        "vmaf_hmean": statistics.harmonic_mean([v + 1 for v in vmaf]) - 1,  # as libvmaf pools
        "ssim": statistics.fmean(ssim),
        "ssim_min": min(ssim),
    }
