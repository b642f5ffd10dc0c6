"""Each encoder's part of the render as exact data: options, last filter, device, test frame."""

from pathlib import Path
from typing import get_args

import pytest
from pydantic import ValidationError

from core.settings import RenderSettings, Settings
from pipeline.ffmpeg import EncodeSpec, render_argv, render_files
from pipeline.ffmpeg.encoders import (
    COLOUR_TAGS,
    output_filter,
    probe_argv,
    rate_cap_args,
    video_codec_args,
)
from pipeline.ffmpeg.spec import ENCODERS, Encoder, VideoEncoder
from tests.pipeline.ffmpeg.test_ffmpeg_graph import small_spec

ENC = EncodeSpec(width=180, height=320, fps=30, preset="veryfast", crf=21, tune="")


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("libx264", [
            "-c:v", "libx264", "-threads:v", "2", "-preset", "veryfast", "-crf", "21",
            "-x264-params", "bframes=3", "-profile:v", "high", "-pix_fmt", "yuv420p",
        ]),
        ("h264_nvenc", [
            "-c:v", "h264_nvenc", "-preset", "p3", "-tune", "hq", "-rc", "vbr", "-cq", "21",
            "-b:v", "0", "-g", "250", "-profile:v", "high", "-pix_fmt", "yuv420p",
        ]),
        ("h264_qsv", [
            "-c:v", "h264_qsv", "-preset", "veryfast", "-global_quality", "21",
            "-look_ahead", "0", "-g", "250", "-profile:v", "high", "-pix_fmt", "nv12",
        ]),
        ("h264_vaapi", [
            "-c:v", "h264_vaapi", "-rc_mode", "CQP", "-qp", "21", "-g", "250",
            "-profile:v", "high",
        ]),
    ],
)  # fmt: skip
def test_video_codec_args_exact(name: Encoder, args: list[str]) -> None:
    assert video_codec_args(VideoEncoder(name), ENC) == args


def _option(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


@pytest.mark.parametrize(
    ("preset", "crf", "nvenc", "qsv"),
    [
        ("ultrafast", 30, ("p1", "30"), ("veryfast", "30")),
        ("medium", 18, ("p5", "18"), ("medium", "18")),
        ("placebo", 0, ("p7", "1"), ("veryslow", "1")),
        ("custom", 23, ("p4", "23"), ("medium", "23")),
    ],
)
def test_presets_and_quality_map_from_x264s(
    preset: str, crf: int, nvenc: tuple[str, str], qsv: tuple[str, str]
) -> None:
    enc = EncodeSpec(preset=preset, crf=crf)
    got_nvenc = video_codec_args(VideoEncoder("h264_nvenc"), enc)
    got_qsv = video_codec_args(VideoEncoder("h264_qsv"), enc)
    got_vaapi = video_codec_args(VideoEncoder("h264_vaapi"), enc)
    # CRF 0 (x264's lossless) would mean "unset" to the hardware encoders: it becomes 1.
    assert (_option(got_nvenc, "-preset"), _option(got_nvenc, "-cq")) == nvenc
    assert (_option(got_qsv, "-preset"), _option(got_qsv, "-global_quality")) == qsv
    assert _option(got_vaapi, "-qp") == nvenc[1]


def test_only_vaapi_changes_the_graphs_last_filter_to_upload() -> None:
    tags = "setparams=range=tv:color_primaries=bt709:color_trc=bt709:colorspace=bt709"
    assert [output_filter(VideoEncoder(name)) for name in ENCODERS] == [
        f"{tags},format=yuv420p",
        f"{tags},format=yuv420p",
        f"{tags},format=nv12",
        f"{tags},format=nv12,hwupload",
    ]


def test_vaapi_render_opens_its_device_and_uploads_at_the_graphs_end() -> None:
    spec = small_spec(encoder=VideoEncoder("h264_vaapi", "/dev/dri/renderD129"))
    graph = render_files(spec, Path("/w/g.graph"))[Path("/w/g.graph")]
    assert f"[video]{COLOUR_TAGS},format=nv12,hwupload[vout];\n" in graph
    assert graph.count("[vout]") == 1
    argv = render_argv(spec, Path("/o/out.mp4"), "ffmpeg", Path("/w/g.graph"))
    assert argv[:15] == [
        "ffmpeg", "-hide_banner", "-nostdin", "-y", "-progress", "pipe:1", "-nostats",
        "-filter_complex_threads", "1",
        "-vaapi_device", "/dev/dri/renderD129",
        "-protocol_whitelist", "file", "-f", "wav",
    ]  # fmt: skip
    assert argv[argv.index("-map") : argv.index("-r")] == [
        "-map", "[vout]", "-map", "[aout]",
        "-c:v", "h264_vaapi", "-rc_mode", "CQP", "-qp", "23", "-g", "250", "-profile:v", "high",
    ]  # fmt: skip


def test_libx264_render_graph_is_unchanged() -> None:
    graph = render_files(small_spec(), Path("/w/g.graph"))[Path("/w/g.graph")]
    assert f"[video]{COLOUR_TAGS},format=yuv420p[vout];\n" in graph
    assert "hwupload" not in graph


def test_probe_argv_exact() -> None:
    encoder = VideoEncoder("h264_vaapi", "/dev/dri/renderD128")
    assert probe_argv(encoder, ENC, "ffmpeg") == [
        "ffmpeg", "-hide_banner", "-nostdin", "-v", "error",
        "-vaapi_device", "/dev/dri/renderD128",
        "-f", "lavfi", "-i", "color=c=black:s=180x320:r=30", "-frames:v", "1",
        "-vf", f"{COLOUR_TAGS},format=nv12,hwupload",
        "-c:v", "h264_vaapi", "-rc_mode", "CQP", "-qp", "21", "-g", "250", "-profile:v", "high",
        "-f", "null", "-",
    ]  # fmt: skip


def test_settings_name_the_same_encoders() -> None:
    choices = get_args(RenderSettings.model_fields["encoder"].annotation)
    assert choices == ("auto", *ENCODERS)
    assert RenderSettings().encoder == "auto"


def test_unknown_encoder_is_refused_with_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RENDER__ENCODER", "nvenc")
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)  # type: ignore[call-arg]
    text = str(caught.value)
    assert "render.encoder" in text
    assert "'auto', 'libx264', 'h264_nvenc', 'h264_qsv' or 'h264_vaapi'" in text
    assert "input_value='nvenc'" in text


CAPPED = EncodeSpec.from_settings(RenderSettings())  # 45 MB, the default ceiling


@pytest.mark.parametrize(
    ("name", "seconds", "args"),
    [
        # (45e6 x 8 x 0.99 - 160 kb/s x 180 s) / (180 + 2) s: a 180 s Short fits in 45 MB.
        ("libx264", 180.0, ["-maxrate", "1800k", "-bufsize", "3600k"]),
        ("h264_nvenc", 180.0, ["-maxrate", "1800k", "-bufsize", "3600k"]),
        ("libx264", 30.0, ["-maxrate", "10987k", "-bufsize", "21974k"]),
        ("h264_qsv", 180.0, []),
        ("h264_vaapi", 180.0, []),
    ],
)
def test_rate_cap_fits_the_ceiling(name: Encoder, seconds: float, args: list[str]) -> None:
    assert rate_cap_args(VideoEncoder(name), CAPPED, seconds) == args


def test_no_ceiling_no_cap_and_a_tiny_one_keeps_a_floor() -> None:
    assert rate_cap_args(VideoEncoder("libx264"), ENC, 180.0) == []
    tiny = EncodeSpec(max_bytes=100_000)
    assert rate_cap_args(VideoEncoder("libx264"), tiny, 180.0) == [
        "-maxrate", "100k", "-bufsize", "200k",
    ]  # fmt: skip


def test_the_render_argv_carries_the_cap_before_the_rate() -> None:
    spec = small_spec(encode=EncodeSpec(width=180, height=320, max_bytes=45_000_000))
    argv = render_argv(spec, Path("/o/out.mp4"), "ffmpeg", Path("/w/g.graph"))
    assert argv[argv.index("-maxrate") : argv.index("-r") + 2] == [
        "-maxrate", "89020k", "-bufsize", "178040k", "-r", "30",
    ]  # fmt: skip
