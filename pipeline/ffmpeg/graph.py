"""Build the one filtergraph for a Short (pure: no I/O, no clock).

Inputs: 0 the voice, then the music (if any); every picture comes from `movie=` sources in
the graph, the stills from the ffconcat list `render_files` writes (`scenes.py`). The stills
streams carry the scenes and any still cards; captions are burned with their clock starting
at the first scene (voice time 0). Video-clip cards (at most two, so memory does not grow
with the scene count) are joined with hard cuts, then the logo is overlaid and the plan's
mark burned in (`watermark.py`), over every frame.

A segment's graph (`segment_graph`) is the video half for its frames only: the scenes in
their whole-Short times (so the captions fall on the same frames), then shifted to start at
0, and the intro or outro clip if the segment holds it. The logo and the mark are the same
on every frame.
"""

from pathlib import Path

from pipeline.ffmpeg.audio import render_chain
from pipeline.ffmpeg.encoders import output_filter
from pipeline.ffmpeg.escape import filter_value
from pipeline.ffmpeg.inputs import movie_source
from pipeline.ffmpeg.scenes import scene_statements
from pipeline.ffmpeg.segments import Segment, whole
from pipeline.ffmpeg.spec import RenderSpec
from pipeline.ffmpeg.timeline import Clip, Timeline, build_timeline
from pipeline.ffmpeg.watermark import mark_filter

LOGO_WIDTH = 0.16  # of the frame width
LOGO_MARGIN = 0.035
LOGO_OPACITY = 0.8
CARD_FADE_S = 0.3


def card_chain(clip: Clip, spec: RenderSpec, label: str, fade: str) -> str:
    """A video-clip intro/outro, trimmed (or its last frame held) to its frames."""
    enc, fps = spec.encode, spec.encode.fps
    fade_frames = min(round(CARD_FADE_S * fps), clip.frames)
    start = 0 if fade == "in" else clip.frames - fade_frames
    return (
        f"{movie_source(clip.source)}:dec_threads=1,"
        f"scale=w={enc.width}:h={enc.height}:force_original_aspect_ratio=increase"
        ":flags=lanczos:out_color_matrix=bt709:out_range=tv,"
        f"crop=w={enc.width}:h={enc.height},format=yuv420p,"
        f"setpts=PTS-STARTPTS,fps={fps},tpad=stop=-1:stop_mode=clone,"
        f"trim=end_frame={clip.frames},settb=1/{fps},setpts=N,"
        f"fade=t={fade}:start_frame={start}:nb_frames={fade_frames},format=yuv420p,setsar=1[{label}]"
    )


def video_chain(
    spec: RenderSpec,
    tl: Timeline,
    stills_list: Path,
    mark_script: Path | None = None,
    seg: Segment | None = None,
) -> list[str]:
    """Video statements ending in `[vout]` (`seg`: that segment's frames only, from 0)."""
    seg = seg or whole(tl)
    stmts = scene_statements(spec, tl, stills_list, seg)
    subs = (
        f"subtitles=filename={filter_value(spec.captions)}:fontsdir={filter_value(spec.fonts_dir)}"
    )
    if tl.captions_offset:
        # Caption times count from the first scene: shift a still intro to negative time.
        shift = tl.captions_offset
        subs = f"setpts=PTS-{shift},{subs},setpts=PTS+{shift}"
    if seg.body_start:
        subs += f",setpts=PTS-{seg.body_start}"
    stmts.append(f"[scenes]{subs}[body]")
    parts = ["[body]"]
    if tl.intro is not None and seg.intro:
        stmts.append(card_chain(tl.intro, spec, "intro", "in"))
        parts.insert(0, "[intro]")
    if tl.outro is not None and seg.outro:
        stmts.append(card_chain(tl.outro, spec, "outro", "out"))
        parts.append("[outro]")
    stmts.append(f"{''.join(parts)}concat=n={len(parts)}:v=1:a=0[video]")
    last = "video"
    if spec.branding.logo is not None:
        enc = spec.encode
        size, margin = round(enc.width * LOGO_WIDTH / 2) * 2, round(enc.width * LOGO_MARGIN)
        stmts.append(
            f"{movie_source(spec.branding.logo)}:dec_threads=1,"
            f"scale=w={size}:h=-2:flags=lanczos,format=rgba,"
            f"colorchannelmixer=aa={LOGO_OPACITY},format=yuva420p[logo]"
        )
        stmts.append(
            f"[video][logo]overlay=x=W-w-{margin}:y={margin}:eof_action=repeat"
            ":format=yuv420[branded]"
        )
        last = "branded"
    if spec.watermark is not None:
        if mark_script is None:
            raise ValueError("a watermarked render needs the path of its mark script")
        stmts.append(f"[{last}]{mark_filter(mark_script, spec.fonts_dir)}[marked]")
        last = "marked"
    stmts.append(f"[{last}]{output_filter(spec.encoder)}[vout]")
    return stmts


def build_filtergraph(spec: RenderSpec, stills_list: Path, mark_script: Path | None = None) -> str:
    """The whole graph, one statement per line; outputs `[vout]` and `[aout]`.

    `stills_list` is where the stills' ffconcat script (`scenes.scene_list`) is written, and
    `mark_script` the watermark's ASS script (`watermark.mark_script`), if the spec has one.
    """
    tl = build_timeline(spec)
    stmts = [*video_chain(spec, tl, stills_list, mark_script), *render_chain(spec, tl)]
    return ";\n".join(stmts) + "\n"


def segment_graph(
    spec: RenderSpec, seg: Segment, stills_list: Path, mark_script: Path | None = None
) -> str:
    """The video-only graph of one segment, ending in `[vout]`; `stills_list` holds
    `scenes.scene_list(tl, seg)` and `mark_script` the watermark, as for the whole graph."""
    tl = build_timeline(spec)
    return ";\n".join(video_chain(spec, tl, stills_list, mark_script, seg)) + "\n"
