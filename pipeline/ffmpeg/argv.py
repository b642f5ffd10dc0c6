"""ffmpeg command lines (pure: a frozen spec in, `list[str]` out)."""

import dataclasses
from pathlib import Path

from pipeline.ffmpeg.audio import SAMPLE_RATE, measure_chain, verify_chain
from pipeline.ffmpeg.encoders import hw_device_args, rate_cap_args, video_codec_args
from pipeline.ffmpeg.graph import build_filtergraph
from pipeline.ffmpeg.inputs import input_args
from pipeline.ffmpeg.scenes import scene_list
from pipeline.ffmpeg.spec import EncodeSpec, RenderSpec
from pipeline.ffmpeg.timeline import build_timeline
from pipeline.ffmpeg.watermark import mark_script

# One thread per filter: ffmpeg's default slices each frame across every core inside the
# filters, which on 2 cores only added synchronisation beside x264's threads (a 30 s Short:
# 10.0 -> 9.5 s median of 5, 0.6 CPU s less).
COMMON = (
    "-hide_banner", "-nostdin", "-y", "-progress", "pipe:1", "-nostats",
    "-filter_complex_threads", "1",
)  # fmt: skip


def audio_inputs(spec: RenderSpec) -> list[str]:
    """The voice and the looped music (if any): inputs 0 and 1 of every audio graph."""
    args = input_args(spec.audio.voice)
    if spec.audio.music is not None:
        # Loop the music so any length of Short has a bed; the graph trims it.
        args += ["-stream_loop", "-1", *input_args(spec.audio.music)]
    return args


def scene_list_path(graph_script: Path) -> Path:
    """Where the stills' ffconcat script lives: next to the graph script."""
    return graph_script.with_suffix(".ffconcat")


def mark_script_path(graph_script: Path) -> Path:
    """Where the watermark's ASS script lives: next to the graph script."""
    return graph_script.with_suffix(".mark.ass")


def render_files(spec: RenderSpec, graph_script: Path) -> dict[Path, str]:
    """The small text files `render_argv` refers to, by path: write them all first."""
    stills, mark = scene_list_path(graph_script), mark_script_path(graph_script)
    files = {
        graph_script: build_filtergraph(spec, stills, mark),
        stills: scene_list(build_timeline(spec)),
    }
    if spec.watermark is not None:
        files[mark] = mark_script(spec.watermark, spec.encode.width, spec.encode.height)
    return files


def video_output_args(spec: RenderSpec, threads: int | None = None) -> list[str]:
    """The video encoder (`encoders.py`), its size cap and the output's rate: every render's
    video comes out of these (the colour tags are set on the frames: `encoders.COLOUR_TAGS`).

    `threads`: x264's threads, if not `spec.encode.threads` (a segment of a parallel render).
    """
    enc = spec.encode if threads is None else dataclasses.replace(spec.encode, threads=threads)
    tl = build_timeline(spec)
    cap = rate_cap_args(spec.encoder, enc, tl.total / tl.fps)
    return [*video_codec_args(spec.encoder, enc), *cap, "-r", str(enc.fps)]


def audio_codec_args(enc: EncodeSpec) -> list[str]:
    """The audio encoder and its output format."""
    return ["-c:a", "aac", "-b:a", f"{enc.audio_bitrate_k}k", "-ar", str(SAMPLE_RATE), "-ac", "2"]


def render_argv(spec: RenderSpec, out: Path, ffmpeg: str, graph_script: Path) -> list[str]:
    """The render; `render_files(spec, graph_script)` must have been written.

    ffmpeg 7+ reads an option's value from a file when the option is written `-/name`
    (this replaced `-filter_complex_script`).
    """
    tl = build_timeline(spec)
    return [
        ffmpeg,
        *COMMON,
        *hw_device_args(spec.encoder),
        *audio_inputs(spec),
        "-/filter_complex",
        str(graph_script),
        "-map",
        "[vout]",
        "-map",
        "[aout]",
        *video_output_args(spec),
        *audio_codec_args(spec.encode),
        "-t",
        f"{tl.total / tl.fps:.6f}",
        "-movflags",
        "+faststart",
        str(out),
    ]


def measure_loudness_argv(spec: RenderSpec, ffmpeg: str, *, verify: bool = False) -> list[str]:
    """The quick audio-only pass; its stderr ends with the ebur128 summary.

    `verify` measures the normalised (and limited) mix instead of the raw one.
    """
    chain = verify_chain if verify else measure_chain
    graph = ";".join(chain(spec, build_timeline(spec)))
    return [
        ffmpeg,
        *COMMON,
        *audio_inputs(spec),
        "-filter_complex",
        graph,
        "-map",
        "[aout]",
        "-f",
        "null",
        "-",
    ]
