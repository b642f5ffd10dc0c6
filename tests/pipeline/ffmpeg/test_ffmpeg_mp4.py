"""mp4_duration reads a rendered MP4's length from its movie header, as PyAV reports it."""

import struct
import subprocess
from pathlib import Path

import pytest

from core.errors import MediaUnreadable
from pipeline.ffmpeg.binary import find_ffmpeg
from pipeline.ffmpeg.mp4 import mp4_duration
from pipeline.ffmpeg.probe import probe


@pytest.mark.parametrize("faststart", [True, False])
def test_duration_matches_pyav(tmp_path: Path, *, faststart: bool) -> None:
    out = tmp_path / "clip.mp4"
    argv = [
        find_ffmpeg(None), "-hide_banner", "-loglevel", "error",
        "-f", "lavfi", "-i", "testsrc2=size=64x114:rate=30:duration=2.5",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=2.7",
        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
        *(["-movflags", "+faststart"] if faststart else []), str(out),
    ]  # fmt: skip
    subprocess.run(argv, check=True)

    assert mp4_duration(out) == pytest.approx(probe(out).duration, abs=0.02)
    assert 2.5 <= mp4_duration(out) <= 2.8


def test_version_1_header_and_large_box(tmp_path: Path) -> None:
    mvhd_payload = bytes([1, 0, 0, 0]) + struct.pack(">QQIQ", 0, 0, 1000, 61_500) + bytes(80)
    mvhd = struct.pack(">I4s", 1, b"mvhd") + struct.pack(">Q", 16 + len(mvhd_payload))
    moov = struct.pack(">I4s", 8 + len(mvhd) + len(mvhd_payload), b"moov") + mvhd + mvhd_payload
    ftyp = struct.pack(">I4s", 16, b"ftyp") + b"isom" + bytes(4)
    path = tmp_path / "v1.mp4"
    path.write_bytes(ftyp + moov)

    assert mp4_duration(path) == 61.5


@pytest.mark.parametrize("content", [b"", b"not an mp4 at all", struct.pack(">I4s", 8, b"ftyp")])
def test_not_an_mp4_is_unreadable(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.mp4"
    path.write_bytes(content)
    with pytest.raises(MediaUnreadable):
        mp4_duration(path)
