"""Real ffmpeg: the same small Short rendered in one process and in parallel segments.

Every frame of the segmented render is compared with the one-process render's same frame
(and its neighbours, so a shifted, duplicated or dropped frame at a seam shows), captions
included; the soundtrack and A/V lengths are compared too.
"""

import asyncio
import subprocess
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import av
import font_roboto
import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.ffmpeg import (
    AudioSpec,
    BrandingSpec,
    EncodeSpec,
    Motion,
    RenderSpec,
    SceneSpec,
    WatermarkSpec,
    find_ffmpeg,
    probe,
    render_short,
)
from pipeline.ffmpeg.segments import Parallelism, plan_segments
from pipeline.ffmpeg.timeline import build_timeline

pytestmark = pytest.mark.render
W, H, FPS = 360, 640, 30
CAPTION_ROWS = slice(440, 560)  # where the bottom-centred captions are drawn


@dataclass(frozen=True)
class Renders:
    spec: RenderSpec
    one: Path
    split: dict[int, Path]  # segments -> output


def _still(path: Path, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    img = Image.new("RGB", (396, 704), tuple(int(c) for c in rng.integers(20, 120, 3)))
    draw = ImageDraw.Draw(img)
    for _ in range(12):  # texture, so every step of the motion changes the picture
        x, y = (int(v) for v in rng.integers(0, 380, 2))
        draw.ellipse([x, y, x + 40, y + 40], fill=tuple(int(c) for c in rng.integers(0, 255, 3)))
    img.save(path)
    return path


def _captions(path: Path, seams_s: list[float]) -> Path:
    """Lines that change at every seam and between them, in body time."""
    times = sorted({0.2, *seams_s, *(s + 0.5 for s in seams_s)})
    events = "".join(
        f"Dialogue: 0,0:00:{a:05.2f},0:00:{b:05.2f},Default,Line {i}\n"
        for i, (a, b) in enumerate(pairwise(times))
    )
    path.write_text(
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 360\nPlayResY: 640\n\n[V4+ Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, Bold, Alignment, MarginV, Outline\n"
        "Style: Default,Roboto Black,48,&H00FFFFFF,-1,2,100,3\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Text\n" + events,
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def renders(tmp_path_factory: pytest.TempPathFactory) -> Renders:
    root = tmp_path_factory.mktemp("segments")
    ffmpeg = find_ffmpeg(None)
    voice, outro = root / "voice.wav", root / "outro.mp4"
    for args in (
        ["-f", "lavfi", "-i", "aevalsrc='0.5*sin(2*PI*220*t)*lt(mod(t,0.3),0.2)':s=22050:d=3.6",
         str(voice)],
        ["-f", "lavfi", "-i", "testsrc2=s=96x96:r=30:d=0.5", "-pix_fmt", "yuv420p", str(outro)],
    ):  # fmt: skip
        subprocess.run([ffmpeg, "-v", "error", "-y", *args], check=True)
    motions = [Motion.ZOOM_IN, Motion.PAN_LEFT, Motion.ZOOM_OUT, Motion.PAN_UP]
    scenes = tuple(SceneSpec(_still(root / f"s{i}.png", i), 0.9, m) for i, m in enumerate(motions))
    spec = RenderSpec(
        scenes=scenes,
        audio=AudioSpec(voice=voice, seed=5),
        captions=root / "c.ass",
        fonts_dir=Path(font_roboto.__file__).parent / "files",
        duration=4.5,  # a still intro card, four scenes, a clip outro
        branding=BrandingSpec(intro=_still(root / "intro.png", 9), intro_s=0.4, outro=outro,
                              outro_s=0.5),
        encode=EncodeSpec(width=W, height=H, fps=FPS, crf=1, transition_s=0.3),
        watermark=WatermarkSpec("Mark"),
    )  # fmt: skip
    tl = build_timeline(spec)
    seams = {s.start for n in (2, 3) for s in plan_segments(tl, n)[1:]}
    _captions(spec.captions, sorted((f - tl.body_start) / FPS for f in seams))
    outs = {n: root / f"out{n}.mp4" for n in (1, 2, 3)}
    for n, out in outs.items():
        asyncio.run(
            render_short(spec, out, ffmpeg=ffmpeg, workdir=root / "work", timeout=60,
                         parallel=Parallelism(n, 1))
        )  # fmt: skip
    assert not list((root / "work").iterdir())  # every intermediate file removed
    return Renders(spec, outs[1], {2: outs[2], 3: outs[3]})


def _gray(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="gray").astype(np.float64) for f in c.decode(video=0)]


def _mse(a: np.ndarray, b: np.ndarray) -> float:
    return float(((a - b) ** 2).mean())


NOISE = 0.5  # MSE between the two encodes of one picture (measured under 0.1 at CRF 1)


@pytest.mark.parametrize("count", [2, 3])
def test_frames_match_the_one_process_render(renders: Renders, count: int) -> None:
    one, split = _gray(renders.one), _gray(renders.split[count])
    assert len(split) == len(one) == build_timeline(renders.spec).total
    for i, frame in enumerate(split):
        assert _mse(frame, one[i]) < NOISE, i  # the encoders differ, the pictures do not
        for j in (i - 1, i + 1):  # not a neighbour's picture: nothing shifted or repeated
            if 0 <= j < len(one) and _mse(one[j], one[i]) > 2 * NOISE:
                assert _mse(frame, one[i]) < _mse(frame, one[j]), (i, j)


@pytest.mark.parametrize("count", [2, 3])
def test_no_duplicated_frame_at_seams(renders: Renders, count: int) -> None:
    one, split = _gray(renders.one), _gray(renders.split[count])
    for seg in plan_segments(build_timeline(renders.spec), count)[1:]:
        # A slide starts at every seam: the picture changes there.
        assert _mse(one[seg.start], one[seg.start - 1]) > 2 * NOISE
        for i in range(seg.start - 3, seg.start + 3):
            moved_one, moved_split = _mse(one[i], one[i - 1]), _mse(split[i], split[i - 1])
            # As much change from the frame before as in the one-process render: a repeated
            # frame would show none, a dropped one twice the change.
            assert abs(moved_split - moved_one) < 0.2 * moved_one + NOISE, (i, moved_split)


@pytest.mark.parametrize("count", [2, 3])
def test_captions_on_the_same_frames(renders: Renders, count: int) -> None:
    def shown(frames: list[np.ndarray]) -> list[bool]:
        return [bool((f[CAPTION_ROWS] > 235).sum() > 150) for f in frames]  # white glyphs

    one, split = shown(_gray(renders.one)), shown(_gray(renders.split[count]))
    assert one == split
    assert sum(one) > len(one) // 2


@pytest.mark.parametrize("count", [2, 3])
def test_audio_and_video_lengths(renders: Renders, count: int) -> None:
    info = probe(renders.split[count])
    video = info.first("video")
    assert video is not None
    assert video.frames == build_timeline(renders.spec).total
    assert abs(info.duration - renders.spec.duration) <= 1 / FPS
    with av.open(str(renders.split[count])) as c, av.open(str(renders.one)) as d:
        v, a = c.streams.video[0], c.streams.audio[0]
        assert v.start_time == a.start_time == d.streams.audio[0].start_time == 0
        assert v.duration is not None
        assert a.duration is not None
        assert abs(float(v.duration * v.time_base) - float(a.duration * a.time_base)) <= 1 / FPS
        split_audio = np.concatenate([f.to_ndarray() for f in c.decode(audio=0)], axis=1)
        one_audio = np.concatenate([f.to_ndarray() for f in d.decode(audio=0)], axis=1)
    assert np.array_equal(split_audio, one_audio)  # the same mix, encoded once


@pytest.mark.parametrize("count", [2, 3])
def test_each_segment_starts_with_a_keyframe(renders: Renders, count: int) -> None:
    with av.open(str(renders.split[count])) as c:
        packets = sorted((p for p in c.demux(video=0) if p.pts is not None), key=lambda p: p.pts)
        keys = [i for i, p in enumerate(packets) if p.is_keyframe]
        tick = 1 / (FPS * c.streams.video[0].time_base)
    # One frame period apart all through, seams included: no gap, no overlap.
    assert [p.pts for p in packets] == [round(i * tick) for i in range(len(packets))]
    starts = [s.start for s in plan_segments(build_timeline(renders.spec), count)]
    assert set(starts) <= set(keys)
