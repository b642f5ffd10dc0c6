"""Real media files and real malicious ones for the user-media tests.

A "victim" is what another user has in storage (a recording, a video, an MPEG-TS segment);
an "attack" is a small text file FFmpeg would accept as media when probed freely: an HLS
playlist (relative path, absolute path or `file:` URL entries, or `.ts` segments) or an
ffconcat list, which make the demuxer read the files they name.
"""

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pipeline.ffmpeg import find_ffmpeg

TONE_HZ = 523  # the victim's recording: easy to recognise in a decode
ATTACKS = (
    "hls-relative",
    "hls-absolute",
    "hls-file-url",
    "hls-ts-segment",
    "hls-named-ogg",
    "ffconcat",
    "ffconcat-named-ogg",
)


def ffmpeg(*args: str) -> None:
    """Run the bundled ffmpeg quietly (raises on failure)."""
    subprocess.run([find_ffmpeg(None), "-v", "error", "-y", *args], check=True)


def tone(out: Path, seconds: float = 5.0, *, codec: str = "libopus") -> Path:
    """A sine tone as the recording at `out` (its container from the extension)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    ffmpeg("-f", "lavfi", "-i", f"sine=f={TONE_HZ}:d={seconds}", "-c:a", codec, str(out))
    return out


def clip(out: Path, seconds: float = 2.0, *, size: str = "160x120", audio: bool = True) -> Path:
    """A small test-pattern video (with a tone when `audio`) at `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    sound = ["-f", "lavfi", "-i", f"sine=f={TONE_HZ}:d={seconds}"] if audio else []
    video = ["-f", "lavfi", "-i", f"testsrc2=s={size}:r=25:d={seconds}"]
    ffmpeg(*video, *sound, "-pix_fmt", "yuv420p", "-shortest", str(out))
    return out


@dataclass(frozen=True, slots=True)
class Victim:
    """Another user's stored files."""

    recording: Path
    video: Path
    segment: Path


def victim_files(user_dir: Path) -> Victim:
    """A recording, a video and that video as an MPEG-TS segment in
    `<user_dir>/projects/1/inputs/`."""
    inputs = user_dir / "projects" / "1" / "inputs"
    recording = tone(inputs / "voiceover.ogg")
    video = clip(inputs / "video.mp4", 4.0)
    segment = inputs / "video.ts"
    ffmpeg("-i", str(video), "-c", "copy", "-bsf:v", "h264_mp4toannexb", str(segment))
    return Victim(recording, video, segment)


def hls(*entries: str, seconds: float = 5.0) -> bytes:
    """An HLS media playlist of `entries`."""
    head = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n"
    body = "".join(f"#EXTINF:{seconds:.1f},\n{entry}\n" for entry in entries)
    return (head + body + "#EXT-X-ENDLIST\n").encode()


def ffconcat(*entries: str) -> bytes:
    """An ffconcat list of `entries`."""
    return ("ffconcat version 1.0\n" + "".join(f"file '{e}'\n" for e in entries)).encode()


def attack_bytes(kind: str, target: Path, victim: Victim, base: Path) -> bytes:
    """The malicious file `kind` aimed at `target`, as it would be read from folder `base`."""
    relative = os.path.relpath(target, base)
    return {
        "hls-relative": lambda: hls(relative),
        "hls-absolute": lambda: hls(str(target)),
        "hls-file-url": lambda: hls(f"file:{target}"),
        "hls-ts-segment": lambda: hls(os.path.relpath(victim.segment, base), seconds=5.0),
        "hls-named-ogg": lambda: hls(str(target)),
        "ffconcat": lambda: ffconcat(relative),
        "ffconcat-named-ogg": lambda: ffconcat(relative),
    }[kind]()


def attack_name(kind: str) -> str:
    """The file name the attacker sends `kind` under."""
    if kind.endswith("named-ogg"):
        return "take.ogg"
    return "list.ffconcat" if kind == "ffconcat" else "v.m3u8"


def write_attack(kind: str, target: Path, victim: Victim, folder: Path) -> Path:
    """Write the attack `kind` into `folder` under the name its sender would use."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / attack_name(kind)
    path.write_bytes(attack_bytes(kind, target, victim, folder))
    return path
