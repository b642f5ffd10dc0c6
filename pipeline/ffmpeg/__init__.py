"""The FFmpeg render engine: one process, one filtergraph per Short."""

from pipeline.ffmpeg.argv import measure_loudness_argv, render_argv, render_files
from pipeline.ffmpeg.binary import find_ffmpeg
from pipeline.ffmpeg.errors import (
    FilterGraphError,
    InputNotFound,
    RenderError,
    RenderTimeout,
    UnsupportedCodec,
)
from pipeline.ffmpeg.graph import build_filtergraph
from pipeline.ffmpeg.loudness import measure_loudness, parse_ebur128
from pipeline.ffmpeg.probe import MediaInfo, StreamInfo, check_audio, check_image, probe
from pipeline.ffmpeg.progress import RenderProgress
from pipeline.ffmpeg.render import render_short
from pipeline.ffmpeg.runner import run_ffmpeg
from pipeline.ffmpeg.spec import (
    AudioSpec,
    BrandingSpec,
    EncodeSpec,
    Loudness,
    Motion,
    RenderSpec,
    SceneSpec,
    WatermarkSpec,
)

__all__ = [
    "AudioSpec",
    "BrandingSpec",
    "EncodeSpec",
    "FilterGraphError",
    "InputNotFound",
    "Loudness",
    "MediaInfo",
    "Motion",
    "RenderError",
    "RenderProgress",
    "RenderSpec",
    "RenderTimeout",
    "SceneSpec",
    "StreamInfo",
    "UnsupportedCodec",
    "WatermarkSpec",
    "build_filtergraph",
    "check_audio",
    "check_image",
    "find_ffmpeg",
    "measure_loudness",
    "measure_loudness_argv",
    "parse_ebur128",
    "probe",
    "render_argv",
    "render_files",
    "render_short",
    "run_ffmpeg",
]
