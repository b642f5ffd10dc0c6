"""libass (the imageio-ffmpeg build) draws the highlight where and when `build_ass` says."""

import subprocess
from pathlib import Path

import av
import imageio_ffmpeg
import numpy as np
import pytest

from pipeline.speech.base import WordTiming
from pipeline.subtitles.ass import build_ass
from pipeline.subtitles.cards import Card
from pipeline.subtitles.fonts import fonts_dir

WIDTH, HEIGHT = 360, 640


def render(tmp_path: Path, ass: str) -> tuple[dict[float, np.ndarray], str]:
    """Burn `ass` onto a dark 2.6 s colour source; return RGB frames by time and the log."""
    (tmp_path / "captions.ass").write_text(ass, encoding="utf-8")
    argv = [
        *(imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "verbose", "-y"),
        *("-f", "lavfi", "-i", f"color=c=0x203040:s={WIDTH}x{HEIGHT}:r=25:d=2.6"),
        *("-vf", f"subtitles=filename=captions.ass:fontsdir={fonts_dir()}"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-pix_fmt", "yuv420p"),
        "out.mp4",
    ]
    run = subprocess.run(
        argv, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    with av.open(str(tmp_path / "out.mp4")) as container:
        frames = {
            round(frame.time, 2): frame.to_ndarray(format="rgb24")
            for frame in container.decode(video=0)
        }
    return frames, run.stderr


def highlight_mask(frame: np.ndarray) -> np.ndarray:
    """Pixels close to the highlight colour #FFE500."""
    r, g, b = (frame[..., i].astype(int) for i in range(3))
    return (r > 200) & (g > 170) & (b < 100)


def white_mask(frame: np.ndarray) -> np.ndarray:
    """Near-white pixels: the words not being spoken."""
    return np.asarray(frame.astype(int).min(axis=2) > 220)


@pytest.mark.render
def test_highlight_follows_the_spoken_word(tmp_path: Path) -> None:
    cards = [
        Card((WordTiming("Привет,", 0.0, 0.6), WordTiming("мир", 0.6, 1.2))),
        Card((WordTiming("это", 1.2, 1.6), WordTiming("тест", 1.6, 2.0))),
    ]
    frames, log = render(tmp_path, build_ass(cards, width=WIDTH, height=HEIGHT))

    assert "fontselect: (Roboto Black, 700, 0) -> Roboto-Black" in log  # not a fallback font
    centre_x, centre_y = WIDTH / 2, round(HEIGHT * 0.62)
    for t, left_word_lit in [(0.2, True), (0.8, False), (1.4, True), (1.8, False)]:
        lit = highlight_mask(frames[t])
        ys, xs = np.nonzero(lit)
        assert lit.sum() > 100, t
        assert (xs.mean() < centre_x) == left_word_lit, t  # the first or the second word
        assert abs(ys.mean() - centre_y) < 20, t
        assert white_mask(frames[t]).sum() > 100, t  # the other word stays white
    quiet = frames[2.4]
    assert highlight_mask(quiet).sum() == 0
    assert white_mask(quiet).sum() == 0
