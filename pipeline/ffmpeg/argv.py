"""ffmpeg command lines (pure: a frozen spec in, `list[str]` out)."""

from pathlib import Path

from pipeline.ffmpeg.audio import SAMPLE_RATE, measure_chain, verify_chain
from pipeline.ffmpeg.graph import build_filtergraph
from pipeline.ffmpeg.inputs import input_args
from pipeline.ffmpeg.scenes import scene_list
from pipeline.ffmpeg.spec import EncodeSpec, RenderSpec
from pipeline.ffmpeg.timeline import build_timeline
from pipeline.ffmpeg.watermark import mark_script

COMMON = ("-hide_banner", "-nostdin", "-y", "-progress", "pipe:1", "-nostats")


def x264_args(enc: EncodeSpec) -> list[str]:
    """The video encoder's options: libx264 with the spec's preset, CRF and x264 params."""
    params = ["-x264-params", enc.x264_params] if enc.x264_params else []
    return [
        *("-c:v", "libx264", "-threads:v", str(enc.threads)),
        *("-preset", enc.preset, "-crf", str(enc.crf), *params, "-profile:v", "high"),
    ]


def _audio_inputs(spec: RenderSpec) -> list[str]:
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


def render_argv(spec: RenderSpec, out: Path, ffmpeg: str, graph_script: Path) -> list[str]:
    """The render; `render_files(spec, graph_script)` must have been written.

    ffmpeg 7+ reads an option's value from a file when the option is written `-/name`
    (this replaced `-filter_complex_script`).
    """
    enc = spec.encode
    tl = build_timeline(spec)
    return [
        ffmpeg,
        *COMMON,
        *_audio_inputs(spec),
        "-/filter_complex",
        str(graph_script),
        "-map",
        "[vout]",
        "-map",
        "[aout]",
        *x264_args(enc),
        "-pix_fmt",
        "yuv420p",
        "-r",
        str(enc.fps),
        "-color_range",
        "tv",
        "-colorspace",
        "bt709",
        "-color_primaries",
        "bt709",
        "-color_trc",
        "bt709",
        "-c:a",
        "aac",
        "-b:a",
        f"{enc.audio_bitrate_k}k",
        "-ar",
        str(SAMPLE_RATE),
        "-ac",
        "2",
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
        *_audio_inputs(spec),
        "-filter_complex",
        graph,
        "-map",
        "[aout]",
        "-f",
        "null",
        "-",
    ]
