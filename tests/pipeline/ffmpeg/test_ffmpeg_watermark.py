"""Real ffmpeg: the same tiny Short rendered with and without the mark, frames compared."""

import asyncio
import dataclasses
import subprocess
from pathlib import Path

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
    render_short,
)

pytestmark = pytest.mark.render
W, H = 360, 640
# Where the mark goes: the bottom-left of the safe area (450 px up on 1920), one 4 % line.
REGION = (slice(450, 505), slice(0, 230))
FRAMES = {"intro card": 5, "first scene": 40, "second scene": 80, "last frame": 104}


def _scene(path: Path, colour: tuple[int, int, int]) -> Path:
    """A dark still with bright shapes outside the mark's corner, at the 1.1x motion canvas."""
    img = Image.new("RGB", (396, 704), colour)
    draw = ImageDraw.Draw(img)
    draw.ellipse([40, 30, 200, 190], fill=(230, 200, 40))
    draw.rectangle([40, 300, 360, 420], fill=(200, 210, 220))
    draw.rectangle([270, 540, 380, 690], fill=(40, 180, 90))
    img.save(path)
    return path


def _frames(ffmpeg: str, video: Path, folder: Path) -> dict[str, np.ndarray]:
    """The sampled frames, extracted by ffmpeg to PNG files, as luma."""
    folder.mkdir()
    select = "+".join(f"eq(n\\,{n})" for n in FRAMES.values())
    subprocess.run(
        [ffmpeg, "-v", "error", "-i", str(video), "-vf", f"select={select}",
         "-fps_mode", "passthrough", str(folder / "f%d.png")],
        check=True,
    )  # fmt: skip
    return {
        name: np.asarray(Image.open(folder / f"f{i}.png").convert("L"), dtype=float)
        for i, name in enumerate(FRAMES, start=1)
    }


@pytest.fixture(scope="module")
def frames(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, dict[str, np.ndarray]]:
    """Frames of the marked and the unmarked render of one spec."""
    root = tmp_path_factory.mktemp("watermark")
    ffmpeg = find_ffmpeg(None)
    voice = root / "voice.wav"
    subprocess.run(
        [ffmpeg, "-v", "error", "-f", "lavfi", "-i", "sine=f=220:d=3", str(voice)], check=True
    )
    captions = root / "captions.ass"
    captions.write_text(
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 360\nPlayResY: 640\n\n[V4+ Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, Bold, Alignment, Outline\n"
        "Style: Default,Roboto Black,30,&H00FFFFFF,-1,5,2\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Text\n"
        "Dialogue: 0,0:00:00.00,0:00:03.00,Default,{\\pos(180,400)}WAKE UP EARLY\n",
        encoding="utf-8",
    )
    intro = root / "intro.png"
    Image.new("RGB", (396, 704), (200, 200, 200)).save(intro)
    clean = RenderSpec(
        scenes=(
            SceneSpec(_scene(root / "a.png", (20, 30, 70)), 1.5, Motion.ZOOM_IN),
            SceneSpec(_scene(root / "b.png", (60, 20, 30)), 1.5, Motion.PAN_LEFT),
        ),
        audio=AudioSpec(voice=voice, seed=3),
        captions=captions,
        fonts_dir=Path(font_roboto.font_directory),
        duration=3.5,
        branding=BrandingSpec(intro=intro, intro_s=0.5),
        encode=EncodeSpec(width=W, height=H, fps=30, transition_s=0.2, crf=12),
    )
    marked = dataclasses.replace(clean, watermark=WatermarkSpec("Shorts Factory"))
    out: dict[bool, dict[str, np.ndarray]] = {}
    for flag, spec in ((False, clean), (True, marked)):
        work = root / f"marked-{flag}"
        video = work / "out.mp4"
        asyncio.run(render_short(spec, video, ffmpeg=ffmpeg, workdir=work, timeout=60))
        out[flag] = _frames(ffmpeg, video, work / "frames")
    return out


@pytest.mark.parametrize("name", list(FRAMES))
def test_mark_changes_its_corner_and_nothing_else(
    frames: dict[bool, dict[str, np.ndarray]], name: str
) -> None:
    diff = np.abs(frames[True][name] - frames[False][name])
    # Measured: 6.3 over the light grey card, 10.6 over the dark scenes.
    assert diff[REGION].mean() > 4, diff[REGION].mean()
    outside = np.ones(diff.shape, bool)
    outside[REGION] = False
    # x264 (crf 12) re-encodes the rest the same but for a few edge pixels: measured mean
    # 0.09 at most, 99.9th percentile 7 (the mark's letters differ by 150 and cover 0.3 %).
    assert diff[outside].mean() < 0.25, diff[outside].mean()
    assert np.percentile(diff[outside], 99.9) < 12


@pytest.mark.parametrize("name", ["first scene", "second scene", "last frame"])
def test_white_text_over_a_dark_scene_only_with_the_flag(
    frames: dict[bool, dict[str, np.ndarray]], name: str
) -> None:
    clean, marked = frames[False][name][REGION], frames[True][name][REGION]
    assert clean.max() < 90  # the dark scene, nothing drawn
    assert (marked > 170).sum() > 150  # the mark's letters
    # Semi-transparent: never the full white of an opaque glyph.
    assert marked.max() < 235  # measured 188: 70 % white over the scene


def test_unmarked_render_matches_the_scene_in_the_corner(
    frames: dict[bool, dict[str, np.ndarray]],
) -> None:
    corner = frames[False]["first scene"][REGION]
    assert corner.std() < 3  # the still's flat colour, no text
