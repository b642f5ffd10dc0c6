"""A real, small vertical Short for publishing tests: H.264 + AAC in MP4 from lavfi, made by
the bundled ffmpeg. 360x640 at 25 fps passes every platform's limits (TikTok's 360 px
minimum side and 23 fps minimum, Instagram's 3 s minimum, X's 140 s maximum) unless a test
asks for a longer one on purpose."""

import subprocess
from pathlib import Path

import imageio_ffmpeg

WIDTH, HEIGHT, FPS = 360, 640, 25


def make_short(path: Path, seconds: float = 4.0) -> Path:
    """Write a `seconds`-long vertical Short to `path` (kept if it already exists). Long
    ones are a flat colour: a few hundred kilobytes and made in a second."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    size = f"{WIDTH}x{HEIGHT}"
    source = "testsrc2=" if seconds <= 30 else "color=c=navy:"
    argv = [
        imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"{source}size={size}:rate={FPS}:duration={seconds}",
        "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=44100:duration={seconds}",
        "-c:v", "libx264", "-preset", "ultrafast", "-crf", "35", "-pix_fmt", "yuv420p",
        "-g", str(FPS * 2), "-c:a", "aac", "-b:a", "32k", "-shortest",
        "-movflags", "+faststart", str(path),
    ]  # fmt: skip
    subprocess.run(argv, check=True)
    return path
