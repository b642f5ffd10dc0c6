"""Real ffmpeg on tiny inputs: a full render probed for format, loudness, smoothness, logo."""

import asyncio
import subprocess
from dataclasses import dataclass
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
    RenderProgress,
    RenderSpec,
    SceneSpec,
    find_ffmpeg,
    measure_loudness,
    probe,
    render_short,
    run_ffmpeg,
)

pytestmark = pytest.mark.render
FPS = 30

W, H = 180, 320  # encode size; stills are made at the 1.1x canvas, 198x352
MARKER = (40, 60)  # marker disk centre on the canvas


@dataclass(frozen=True)
class Assets:
    ffmpeg: str
    stills: tuple[Path, ...]
    voice: Path
    captions: Path
    fonts: Path
    logo: Path
    intro: Path


def _still(path: Path, colour: tuple[int, int, int]) -> Path:
    img = Image.new("RGB", (198, 352), colour)
    draw = ImageDraw.Draw(img)
    draw.rectangle([150, 0, 197, 50], fill=(0, 0, 90))  # dark corner under the logo
    mx, my = MARKER
    draw.rectangle([mx - 12, my - 12, mx + 12, my + 12], fill="black")
    draw.ellipse([mx - 5, my - 5, mx + 5, my + 5], fill="white")
    img.save(path)
    return path


@pytest.fixture(scope="session")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Assets:
    root = tmp_path_factory.mktemp("ffmpeg-assets")
    ffmpeg = find_ffmpeg(None)
    stills = tuple(
        _still(root / f"scene {i}, 'ы'.png", c)
        for i, c in enumerate([(30, 120, 60), (120, 60, 30), (60, 60, 140)])
    )
    voice = root / "voice.wav"
    bursts = "0.6*sin(2*PI*220*t)*lt(mod(t,0.4),0.3)"
    subprocess.run(
        [
            ffmpeg,
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"aevalsrc='{bursts}':s=22050:d=2.5",
            str(voice),
        ],
        check=True,
    )
    captions = root / "caps, it's [1]: ы.ass"
    captions.write_text(
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 180\nPlayResY: 320\n\n[V4+ Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, Bold, Alignment, MarginV, Outline\n"
        "Style: Default,Roboto Black,20,&H00FFFFFF,-1,2,40,2\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Text\n"
        "Dialogue: 0,0:00:00.00,0:00:02.00,Default,Привет {\\c&H0000E5FF&}мир\n",
        encoding="utf-8",
    )
    logo = root / "logo; it's.png"
    img = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    ImageDraw.Draw(img).rectangle([0, 0, 63, 63], fill=(255, 140, 0, 255))
    img.save(logo)
    # A card at the output size, not the canvas size, and with alpha: stills of mixed sizes
    # and pixel formats must not make ffmpeg rebuild the filtergraph mid-stream.
    intro = root / "intro.png"
    Image.new("RGBA", (90, 160), (200, 200, 200, 255)).save(intro)
    fonts = Path(font_roboto.__file__).parent / "files"
    return Assets(ffmpeg, stills, voice, captions, fonts, logo, intro)


@pytest.fixture(scope="module")
def rendered(
    assets: Assets, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[RenderProgress]]:
    spec = RenderSpec(
        scenes=(
            SceneSpec(assets.stills[0], 1.5, Motion.ZOOM_IN),
            SceneSpec(assets.stills[1], 1.5, Motion.PAN_DOWN),
            SceneSpec(assets.stills[2], 1.0, Motion.ZOOM_OUT),
        ),
        audio=AudioSpec(voice=assets.voice, seed=7),
        captions=assets.captions,
        fonts_dir=assets.fonts,
        duration=4.5,
        branding=BrandingSpec(logo=assets.logo, intro=assets.intro, intro_s=0.5),
        encode=EncodeSpec(width=W, height=H, fps=FPS, transition_s=0.2),
    )
    # The graph reads the stills' list from the workdir: its path must survive escaping.
    work = tmp_path_factory.mktemp("render") / "work it's: [a], b;c"
    seen: list[RenderProgress] = []

    async def on_progress(p: RenderProgress) -> None:
        seen.append(p)

    out = work / "out.mp4"
    asyncio.run(
        render_short(
            spec, out, ffmpeg=assets.ffmpeg, workdir=work, timeout=60, on_progress=on_progress
        )
    )
    return out, seen


def _gray_frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="gray").astype(float) for f in c.decode(video=0)]


def test_output_format_and_duration(rendered: tuple[Path, list[RenderProgress]]) -> None:
    info = probe(rendered[0])
    video, audio = info.first("video"), info.first("audio")
    assert video is not None
    assert audio is not None
    assert (video.codec, video.profile, video.pix_fmt) == ("h264", "High", "yuv420p")
    assert (video.width, video.height, video.fps, video.frames) == (W, H, FPS, 135)
    assert (audio.codec, audio.sample_rate, audio.channels) == ("aac", 48000, 2)
    assert abs(info.duration - 4.5) <= 1 / FPS


def test_colour_is_tagged_bt709_limited(rendered: tuple[Path, list[RenderProgress]]) -> None:
    """Players and the platforms' transcoders read these; "unknown" leaves them guessing."""
    with av.open(str(rendered[0])) as c:
        cc = c.streams.video[0].codec_context
        tags = (cc.color_primaries, cc.color_trc, cc.colorspace, cc.color_range)
    assert tags == (1, 1, 1, 1)  # H.273 codes: BT.709 primaries, transfer, matrix; limited


def test_progress_reported(rendered: tuple[Path, list[RenderProgress]]) -> None:
    seen = rendered[1]
    assert seen
    assert seen[-1].done
    assert seen[-1].frame == 135


async def test_loudness_on_target(
    rendered: tuple[Path, list[RenderProgress]], assets: Assets
) -> None:
    assert abs(await measure_loudness(assets.ffmpeg, rendered[0]) - -14.0) <= 1.5


def _track(frames: list[np.ndarray], x: float, y: float) -> np.ndarray:
    out = []
    for g in frames:
        xa, ya = round(x) - 9, round(y) - 9
        w = np.clip(g[ya : ya + 18, xa : xa + 18] - 100, 0, None)
        yy, xx = np.mgrid[0:18, 0:18]
        x, y = (w * xx).sum() / w.sum() + xa, (w * yy).sum() / w.sum() + ya
        out.append((x, y))
    return np.array(out)


def test_ken_burns_never_steps_backwards(rendered: tuple[Path, list[RenderProgress]]) -> None:
    frames = _gray_frames(rendered[0])
    intro = 15
    mx, my = MARKER
    # Scene 0 zooms in from 1.0 (canvas scaled by 180/198): the marker drifts up-left.
    # The still intro slides out over 6 frames; track once scene 0 is alone on screen.
    zoom = _track(frames[intro + 7 : intro + 44], mx * W / 198, my * H / 352)
    steps = np.diff(zoom, axis=0)
    assert (steps <= 0.1).all(), steps.max(axis=0)
    assert zoom[0, 0] - zoom[-1, 0] > 2
    # Scene 1 pans down: the content (and the marker) moves up, never back down.
    pan = _track(frames[intro + 52 : intro + 80], mx - 9, my)
    assert (np.diff(pan[:, 1]) <= 0.1).all()
    assert pan[0, 1] - pan[-1, 1] > 10


def test_logo_is_overlaid(rendered: tuple[Path, list[RenderProgress]]) -> None:
    with av.open(str(rendered[0])) as c:
        frame = next(f for i, f in enumerate(c.decode(video=0)) if i == 40).to_ndarray(
            format="rgb24"
        )
    r, g, b = frame[20, W - 20].astype(int)  # logo: orange at 80 % over dark blue
    assert r > 150, (r, g, b)
    assert b < 100, (r, g, b)
    r, g, b = frame[20, 20].astype(int)  # no logo on the left
    assert r < 100


async def test_clip_outro_and_looped_music(assets: Assets, tmp_path: Path) -> None:
    outro, music = tmp_path / "outro.mp4", tmp_path / "music.wav"
    for args in (
        ["-f", "lavfi", "-i", "testsrc2=s=96x96:r=25:d=0.4", "-pix_fmt", "yuv420p", str(outro)],
        ["-f", "lavfi", "-i", "sine=f=330:d=0.7", str(music)],
    ):
        await run_ffmpeg([assets.ffmpeg, "-v", "error", "-y", *args], timeout=30)
    spec = RenderSpec(
        scenes=(SceneSpec(assets.stills[2], 1.2, Motion.PAN_UP),),
        audio=AudioSpec(voice=assets.voice, music=music, music_volume=0.5),
        captions=assets.captions,
        fonts_dir=assets.fonts,
        duration=2.0,
        branding=BrandingSpec(outro=outro, outro_s=0.8),
        encode=EncodeSpec(width=W, height=H, fps=FPS, transition_s=0.0),
    )
    out = tmp_path / "out.mp4"
    await render_short(spec, out, ffmpeg=assets.ffmpeg, workdir=tmp_path, timeout=60)
    info = probe(out)
    video, audio = info.first("video"), info.first("audio")
    assert video is not None
    assert audio is not None
    assert video.frames == 60
    assert abs(info.duration - 2.0) <= 1 / FPS
    with av.open(str(out)) as c:
        last = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)][-10]
    assert last.std() > 20  # testsrc2's pattern (frozen on its last frame), not a flat still


def test_intro_card_then_scenes(rendered: tuple[Path, list[RenderProgress]]) -> None:
    with av.open(str(rendered[0])) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    assert abs(frames[5][H // 2, W // 2].astype(int) - 200).max() < 12  # the grey card
    scene0 = frames[30][H // 2, W // 2].astype(int)  # first scene's green, after the slide
    assert abs(scene0 - (30, 120, 60)).max() < 20, scene0


@pytest.mark.render
async def test_a_size_ceiling_caps_a_busy_short(assets: Assets, tmp_path: Path) -> None:
    """Moving noise at CRF 22 outgrows the ceiling uncapped; capped, the file fits it."""
    noise = tmp_path / "noise.png"
    pixels = np.random.default_rng(5).integers(0, 256, (352, 198, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(noise)
    ceiling = 200_000
    sizes = []
    for cap in (None, ceiling):
        spec = RenderSpec(
            scenes=(SceneSpec(noise, 3.0, Motion.ZOOM_IN),),
            audio=AudioSpec(voice=assets.voice, seed=7),
            captions=assets.captions,
            fonts_dir=assets.fonts,
            duration=3.0,
            encode=EncodeSpec(width=W, height=H, fps=FPS, max_bytes=cap),
        )
        out = tmp_path / f"out-{cap}.mp4"
        await render_short(spec, out, ffmpeg=assets.ffmpeg, workdir=tmp_path, timeout=60)
        sizes.append(out.stat().st_size)
    assert sizes[0] > 1.5 * ceiling
    assert sizes[1] <= ceiling
