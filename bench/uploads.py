"""Time what an upload costs now that users' files are kept as our own copies, and what the
render then pays to read them; print one JSON line.

Keys (seconds, best of `--runs`): music_s (a 3-minute 44.1 kHz stereo MP3 at 192 kb/s
normalised to 48 kHz FLAC), voiceover_s (a 179 s OGG/Opus voice note to the 48 kHz WAV),
clip_s (a 10 s 1080x1920 H.264 clip to the kept H.264 MP4), render_mp3_s and render_flac_s
(ffmpeg decoding the original MP3 and the kept FLAC to a null output, as the render's music
input does), and the sizes in MB (mp3_mb, flac_mb).

Run: `python -m bench.uploads [--runs 3]`.
"""

import argparse
import json
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.ffmpeg import find_ffmpeg
from pipeline.ffmpeg.inputs import input_args
from pipeline.stages.voiceover_audio import write_voiceover_wav
from pipeline.user_media.clips import normalise_clip
from pipeline.user_media.music import normalise_music

MUSIC = "aevalsrc='0.3*sin(2*PI*(220+50*sin(t))*t)|0.3*sin(2*PI*(223+40*sin(t))*t)':s=44100:d=180"


def _ffmpeg(*args: str) -> None:
    subprocess.run([find_ffmpeg(None), "-v", "error", "-y", *args], check=True)


def _best(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return round(min(times), 3)


def _inputs(folder: Path) -> tuple[Path, Path, Path]:
    music, note, clip = folder / "track.mp3", folder / "note.ogg", folder / "clip.mp4"
    _ffmpeg("-f", "lavfi", "-i", MUSIC, "-f", "lavfi", "-i", "anoisesrc=a=0.05:d=180:r=44100",
            "-filter_complex", "[0][1]amix=inputs=2", "-c:a", "libmp3lame", "-b:a", "192k",
            str(music))  # fmt: skip
    _ffmpeg("-f", "lavfi", "-i", "sine=f=180:d=179", "-c:a", "libopus", "-b:a", "32k", str(note))
    _ffmpeg("-f", "lavfi", "-i", "testsrc2=s=1080x1920:r=30:d=10", "-c:v", "libx264",
            "-preset", "veryfast", str(clip))  # fmt: skip
    return music, note, clip


def _decode(path: Path) -> None:
    _ffmpeg(*input_args(path), "-f", "null", "-")


def measure(runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-uploads-") as tmp:
        folder = Path(tmp)
        music, note, clip = _inputs(folder)
        flac = folder / "kept" / "music.flac"
        return {
            "music_s": _best(runs, lambda: normalise_music(music, flac, max_seconds=900)),
            "voiceover_s": _best(runs, lambda: write_voiceover_wav(note, folder / "v.wav")),
            "clip_s": _best(
                runs, lambda: normalise_clip(clip, folder / "intro.mp4", max_seconds=10)
            ),
            "render_mp3_s": _best(runs, lambda: _decode(music)),
            "render_flac_s": _best(runs, lambda: _decode(flac)),
            "mp3_mb": round(music.stat().st_size / 1e6, 1),
            "flac_mb": round(flac.stat().st_size / 1e6, 1),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    print(json.dumps(measure(parser.parse_args().runs)))


if __name__ == "__main__":
    main()
