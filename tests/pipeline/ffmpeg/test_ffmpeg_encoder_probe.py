"""The encoder choice with the real bundled ffmpeg, and a real render through what it chose.

The bundled ffmpeg lists NVENC, QSV and VAAPI on every machine; only a test frame tells
whether one opens. The build machine has no GPU (no /dev/dri, no /dev/nvidia*): there, each
hardware encoder must be reported unavailable with ffmpeg's reason and `auto` must fall back
to libx264. On a machine with such a device, the hardware render test runs instead.
"""

import asyncio
import subprocess
from pathlib import Path

import font_roboto
import pytest
from PIL import Image
from structlog.testing import capture_logs

from core.settings import RenderSettings
from pipeline.ffmpeg import (
    AudioSpec,
    EncodeSpec,
    Motion,
    RenderError,
    RenderSpec,
    SceneSpec,
    find_ffmpeg,
    probe,
    render_short,
)
from pipeline.ffmpeg.encoder_probe import (
    AUTO_ORDER,
    choose_encoder,
    encoder_problem,
    first_error,
    forget_choices,
)
from pipeline.ffmpeg.errors import EncoderUnavailable
from pipeline.ffmpeg.spec import Encoder, VideoEncoder

DEVICES = [p for p in (Path("/dev/dri"), Path("/dev/nvidia0")) if p.exists()]
no_gpu_here = pytest.mark.skipif(bool(DEVICES), reason=f"this machine has {DEVICES}")
W, H, FPS = 180, 320, 30
# What the bundled ffmpeg says when the hardware (or its driver) is missing.
MISSING = {
    "h264_nvenc": "Cannot load libcuda.so.1",
    "h264_qsv": "Error creating a MFX session: -9.",
    "h264_vaapi": "No VA display found for device /dev/dri/renderD128.",
}


def _settings(encoder: str = "auto", **kw: object) -> RenderSettings:
    return RenderSettings(encoder=encoder, width=W, height=H, fps=FPS, **kw)  # type: ignore[arg-type]


async def _problems(ffmpeg: str) -> dict[Encoder, str | None]:
    enc = EncodeSpec.from_settings(_settings())
    return {name: await encoder_problem(ffmpeg, VideoEncoder(name), enc) for name in AUTO_ORDER}


@pytest.fixture
def ffmpeg() -> str:
    forget_choices()
    return find_ffmpeg(None)


def test_first_error_is_ffmpegs_first_line_without_its_context() -> None:
    tail = "[h264_nvenc @ 0x55] Cannot load libcuda.so.1\n[vost#0:0/h264_nvenc @ 0x5] Error"
    assert first_error(tail) == "Cannot load libcuda.so.1"
    assert first_error("\n") == "ffmpeg failed without a message"


async def test_auto_takes_the_first_encoder_that_works_else_libx264(ffmpeg: str) -> None:
    problems = await _problems(ffmpeg)
    working = [name for name in AUTO_ORDER if problems[name] is None]
    expected: Encoder = working[0] if working else "libx264"
    with capture_logs() as logs:
        chosen = await choose_encoder(ffmpeg, _settings())
        again = await choose_encoder(ffmpeg, _settings())
    assert chosen == again == VideoEncoder(expected)
    # Probed once: one structured event, naming every encoder tried before the choice.
    tried = AUTO_ORDER[: AUTO_ORDER.index(expected)] if working else AUTO_ORDER
    assert logs == [
        {
            "event": "render.encoder.chosen",
            "log_level": "info",
            "encoder": expected,
            "requested": "auto",
            "unavailable": {name: problems[name] for name in tried},
        }
    ]


@no_gpu_here
async def test_without_a_gpu_each_hardware_encoder_says_why_and_auto_is_libx264(
    ffmpeg: str,
) -> None:
    enc = EncodeSpec.from_settings(_settings())
    for name, reason in MISSING.items():
        assert await encoder_problem(ffmpeg, VideoEncoder(name), enc) == reason
    assert await choose_encoder(ffmpeg, _settings()) == VideoEncoder("libx264")


@no_gpu_here
@pytest.mark.parametrize("name", AUTO_ORDER)
async def test_an_explicit_encoder_that_fails_its_frame_is_refused(
    ffmpeg: str, name: Encoder
) -> None:
    with pytest.raises(EncoderUnavailable) as caught:
        await choose_encoder(ffmpeg, _settings(name))
    assert str(caught.value) == (
        f"The video could not be rendered (RENDER__ENCODER={name} failed a test frame: "
        f"{MISSING[name]}; set RENDER__ENCODER=auto to fall back to libx264); nothing was lost."
    )
    assert not caught.value.transient
    assert caught.value.argv[caught.value.argv.index("-c:v") + 1] == name


@no_gpu_here
async def test_the_vaapi_device_is_the_configured_one(ffmpeg: str) -> None:
    with pytest.raises(EncoderUnavailable, match="No VA display found for device /dev/dri/x9"):
        await choose_encoder(ffmpeg, _settings("h264_vaapi", vaapi_device="/dev/dri/x9"))


async def test_explicit_libx264_passes_its_frame(ffmpeg: str) -> None:
    assert await choose_encoder(ffmpeg, _settings("libx264")) == VideoEncoder("libx264")


def _spec(root: Path, ffmpeg: str, encoder: VideoEncoder) -> RenderSpec:
    still = root / "still.png"
    Image.new("RGB", (198, 352), (40, 120, 200)).save(still)
    voice = root / "voice.wav"
    argv = [ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", "sine=f=220:d=1.2", str(voice)]
    subprocess.run(argv, check=True)
    captions = root / "c.ass"
    captions.write_text(
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 180\nPlayResY: 320\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Text\n",
        encoding="utf-8",
    )
    return RenderSpec(
        scenes=(SceneSpec(still, 1.0, Motion.ZOOM_IN),),
        audio=AudioSpec(voice=voice, seed=3),
        captions=captions,
        fonts_dir=Path(font_roboto.__file__).parent / "files",
        duration=1.0,
        encode=EncodeSpec.from_settings(_settings()),
        encoder=encoder,
    )


async def _render_and_check(root: Path, ffmpeg: str, encoder: VideoEncoder) -> None:
    spec = _spec(root, ffmpeg, encoder)
    out = root / "out.mp4"
    await render_short(spec, out, ffmpeg=ffmpeg, workdir=root, timeout=60)
    info = await asyncio.to_thread(probe, out)
    video = info.first("video")
    assert video is not None
    assert (video.codec, video.profile, video.pix_fmt) == ("h264", "High", "yuv420p")
    assert (video.width, video.height, video.frames) == (W, H, FPS)


@pytest.mark.render
async def test_a_render_through_the_chosen_encoder_works(ffmpeg: str, tmp_path: Path) -> None:
    await _render_and_check(tmp_path, ffmpeg, await choose_encoder(ffmpeg, _settings()))


@no_gpu_here
@pytest.mark.render
@pytest.mark.parametrize("name", ["h264_nvenc", "h264_qsv", "h264_vaapi"])
async def test_a_hardware_encoder_failing_a_render_hands_it_to_libx264(
    ffmpeg: str, tmp_path: Path, name: Encoder
) -> None:
    """As if the encoder had passed its test frame and then failed the render (NVENC's
    session limit, a driver reset): the render is done again on the CPU, and says why."""
    spec = _spec(tmp_path, ffmpeg, VideoEncoder(name))
    with capture_logs() as logs:
        done = await render_short(
            spec, tmp_path / "out.mp4", ffmpeg=ffmpeg, workdir=tmp_path, timeout=60
        )
    fallbacks = [e for e in logs if e["event"] == "render.encoder.fallback"]
    assert fallbacks == [
        {
            "event": "render.encoder.fallback",
            "log_level": "warning",
            "encoder": name,
            "reason": MISSING[name],
            "fallback": "libx264",
        }
    ]
    assert done.encoder == VideoEncoder("libx264")
    info = await asyncio.to_thread(probe, tmp_path / "out.mp4")
    video = info.first("video")
    assert video is not None
    assert (video.codec, video.profile, video.pix_fmt, video.frames) == (
        "h264",
        "High",
        "yuv420p",
        FPS,
    )


@pytest.mark.render
async def test_a_libx264_render_that_fails_is_not_run_again(ffmpeg: str, tmp_path: Path) -> None:
    spec = _spec(tmp_path, ffmpeg, VideoEncoder("libx264"))
    spec.scenes[0].image.unlink()
    with capture_logs() as logs, pytest.raises(RenderError):
        await render_short(spec, tmp_path / "out.mp4", ffmpeg=ffmpeg, workdir=tmp_path, timeout=60)
    assert not [e for e in logs if e["event"] == "render.encoder.fallback"]


@pytest.mark.skipif(not DEVICES, reason="no GPU device on this machine (/dev/dri, /dev/nvidia0)")
@pytest.mark.render
async def test_each_working_hardware_encoder_renders(ffmpeg: str, tmp_path: Path) -> None:
    problems = await _problems(ffmpeg)
    working = [name for name in AUTO_ORDER if problems[name] is None]
    assert working, f"a GPU device is present but no hardware encoder opens: {problems}"
    for name in working:
        (tmp_path / name).mkdir()
        await _render_and_check(tmp_path / name, ffmpeg, VideoEncoder(name))
