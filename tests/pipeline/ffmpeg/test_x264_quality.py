"""The default x264 profile's quality against the graph's own frames (a lossless render of
the same Short), measured with the bundled ffmpeg's libvmaf, as `bench/encode.py` does."""

import asyncio
import dataclasses
import json
import subprocess
from pathlib import Path

import font_roboto
import pytest

from pipeline.art.procedural import draw_scene
from pipeline.ffmpeg import AudioSpec, EncodeSpec, Motion, RenderSpec, SceneSpec, find_ffmpeg
from pipeline.ffmpeg.argv import render_argv, render_files
from pipeline.ffmpeg.encoders import x264_args
from pipeline.ffmpeg.motion import canvas_size
from pipeline.ffmpeg.render import render_short
from pipeline.ffmpeg.runner import run_ffmpeg
from pipeline.ffmpeg.x264 import BASELINE

pytestmark = pytest.mark.render
W, H = 360, 640
LOSSLESS = ["-c:v", "libx264", "-preset", "ultrafast", "-qp", "0"]
# Mean VMAF over every frame: between what both the old settings and the default reach on
# this Short and what CRF 45 does (figures in the test's failure messages).
THRESHOLD = 85.0


@pytest.fixture(scope="module")
def short(tmp_path_factory: pytest.TempPathFactory) -> tuple[RenderSpec, Path, str]:
    """A 2 s Short of procedural art at 360x640, and its lossless render."""
    root = tmp_path_factory.mktemp("x264-quality")
    ffmpeg = find_ffmpeg(None)
    stills = []
    for i in range(2):
        path = root / f"scene_{i}.png"
        draw_scene(i, 2, "octopus", "Octopuses are smart", "vivid", canvas_size(W, H)).save(path)
        stills.append(path)
    voice = root / "voice.wav"
    subprocess.run(
        [ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", "sine=f=220:d=2", str(voice)],
        check=True,
    )
    captions = root / "captions.ass"
    captions.write_text(
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 360\nPlayResY: 640\n\n[V4+ Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, Bold, Alignment, MarginV, Outline\n"
        "Style: Default,Roboto Black,40,&H00FFFFFF,-1,2,80,3\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Text\n"
        "Dialogue: 0,0:00:00.00,0:00:02.00,Default,Octopuses are {\\c&H0000E5FF&}smart\n",
        encoding="utf-8",
    )
    spec = RenderSpec(
        scenes=(SceneSpec(stills[0], 1.0, Motion.ZOOM_IN), SceneSpec(stills[1], 1.0)),
        audio=AudioSpec(voice=voice, seed=3),
        captions=captions,
        fonts_dir=Path(font_roboto.__file__).parent / "files",
        duration=2.0,
        encode=EncodeSpec(width=W, height=H, transition_s=0.2),
    )
    reference, script = root / "reference.mkv", root / "reference.graph"
    for path, text in render_files(spec, script).items():
        path.write_text(text, encoding="utf-8")
    argv = render_argv(spec, reference, ffmpeg, script)
    at = next(i for i in range(len(argv)) if argv[i : i + 2] == ["-c:v", "libx264"])
    argv[at : at + len(x264_args(spec.encode))] = LOSSLESS
    asyncio.run(run_ffmpeg(argv, timeout=60))
    return spec, reference, ffmpeg


def vmaf(ffmpeg: str, encoded: Path, reference: Path) -> float:
    log = encoded.with_suffix(".vmaf.json")
    graph = (
        "[0:v]setpts=PTS-STARTPTS[d];[1:v]setpts=PTS-STARTPTS[r];"
        f"[d][r]libvmaf=log_fmt=json:log_path={log}"
    )
    subprocess.run(
        [ffmpeg, "-v", "error", "-i", str(encoded), "-i", str(reference), "-lavfi", graph,
         "-f", "null", "-"],
        check=True,
    )  # fmt: skip
    return float(json.loads(log.read_text())["pooled_metrics"]["vmaf"]["mean"])


def render_with(short: tuple[RenderSpec, Path, str], encode: EncodeSpec, out: Path) -> float:
    spec, reference, ffmpeg = short
    asyncio.run(
        render_short(
            dataclasses.replace(spec, encode=encode), out,
            ffmpeg=ffmpeg, workdir=out.parent, timeout=60,
        )
    )  # fmt: skip
    return vmaf(ffmpeg, out, reference)


@pytest.mark.timeout(120)
def test_default_profile_keeps_the_old_quality(
    short: tuple[RenderSpec, Path, str], tmp_path: Path
) -> None:
    enc = short[0].encode
    default = render_with(short, enc, tmp_path / "default.mp4")
    old = enc.with_x264(BASELINE)
    before = render_with(short, old, tmp_path / "old.mp4")
    bad = render_with(short, dataclasses.replace(enc, crf=45), tmp_path / "bad.mp4")
    figures = f"default {default:.2f}, old {before:.2f}, crf 45 {bad:.2f}"
    assert default >= THRESHOLD, figures
    assert before >= THRESHOLD, figures
    assert bad < THRESHOLD, figures
