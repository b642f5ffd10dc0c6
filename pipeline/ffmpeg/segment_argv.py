"""Command lines of a render in parallel segments (pure: a frozen spec in, `list[str]` out).

Each segment is its own ffmpeg process with one video-only graph (`graph.segment_graph`),
encoded with the render's own codec arguments; each file starts with a keyframe, as any
encode does, and GOPs are closed, so none refers to a frame of another. The audio is mixed
and normalised once over the whole timeline (the one-process render's chain) and encoded
alone. The join copies every stream: the concat demuxer plays the segments back to back
(each lasting exactly its frames) beside the audio, and `+faststart` puts the index first.
"""

from pathlib import Path

from pipeline.ffmpeg.argv import (
    COMMON,
    audio_codec_args,
    audio_inputs,
    mark_script_path,
    scene_list_path,
    video_output_args,
)
from pipeline.ffmpeg.audio import render_chain
from pipeline.ffmpeg.encoders import hw_device_args
from pipeline.ffmpeg.graph import segment_graph
from pipeline.ffmpeg.inputs import PROTOCOLS, input_args
from pipeline.ffmpeg.scenes import scene_list
from pipeline.ffmpeg.segments import Segment
from pipeline.ffmpeg.spec import RenderSpec
from pipeline.ffmpeg.timeline import build_timeline
from pipeline.ffmpeg.watermark import mark_script


def segment_files(spec: RenderSpec, seg: Segment, graph_script: Path) -> dict[Path, str]:
    """The small text files `segment_argv` refers to, by path: write them all first."""
    stills, mark = scene_list_path(graph_script), mark_script_path(graph_script)
    files = {
        graph_script: segment_graph(spec, seg, stills, mark),
        stills: scene_list(build_timeline(spec), seg),
    }
    if spec.watermark is not None:
        files[mark] = mark_script(spec.watermark, spec.encode.width, spec.encode.height)
    return files


def segment_argv(
    spec: RenderSpec, seg: Segment, out: Path, ffmpeg: str, graph_script: Path, *, threads: int
) -> list[str]:
    """One segment's video, `seg.frames` frames from a keyframe, with `threads` encoder threads."""
    return [
        ffmpeg,
        *COMMON,
        *hw_device_args(spec.encoder),
        "-/filter_complex",
        str(graph_script),
        "-map",
        "[vout]",
        *video_output_args(spec, threads),
        "-flags:v",
        "+cgop",
        "-frames:v",
        str(seg.frames),
        "-an",
        str(out),
    ]


def audio_argv(spec: RenderSpec, out: Path, ffmpeg: str) -> list[str]:
    """The Short's whole soundtrack, mixed and normalised as the one-process render does."""
    tl = build_timeline(spec)
    return [
        ffmpeg,
        *COMMON,
        *audio_inputs(spec),
        "-filter_complex",
        ";".join(render_chain(spec, tl)),
        "-map",
        "[aout]",
        *audio_codec_args(spec.encode),
        "-t",
        f"{tl.total / tl.fps:.6f}",
        str(out),
    ]


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "'\\''") + "'"


def join_list(parts: list[tuple[Path, Segment]], fps: int) -> str:
    """The concat demuxer's script: each segment file for exactly its frames."""
    lines = ["ffconcat version 1.0"]
    for path, seg in parts:
        lines += [f"file {_quote(path)}", f"duration {seg.frames / fps:.6f}"]
    return "\n".join(lines) + "\n"


def join_argv(spec: RenderSpec, segments: Path, audio: Path, out: Path, ffmpeg: str) -> list[str]:
    """Segments (the `join_list` at `segments`) and audio into the Short, by stream copy."""
    tl = build_timeline(spec)
    return [
        ffmpeg,
        *COMMON,
        "-protocol_whitelist",
        PROTOCOLS,
        "-f",
        "concat",
        "-safe",
        "0",
        "-i",
        str(segments),
        *input_args(audio),
        "-map",
        "0:v:0",
        "-map",
        "1:a:0",
        "-c",
        "copy",
        "-t",
        f"{tl.total / tl.fps:.6f}",
        "-movflags",
        "+faststart",
        str(out),
    ]
