"""The scenes part of the graph: two lazily decoded still streams and one overlay.

Memory must stay flat in the number of scenes, and libavfilter keeps every filter's frame
pool until the graph ends, so the number of filter instances must not grow with the scenes
either. Measured on 1080x1920: a `-i`/`movie=` input per still costs about 40 MB per scene
(decoded at start), and an `xfade` per boundary about 40 MB more (yuv444p pools; xfade also
processes every frame it passes, about 2 ms each per chained xfade).

So all stills come through ONE `movie=` source reading the ffconcat list with the concat
demuxer: one decoder, decoding each still only when the graph asks for it (a `-i` input
decodes ahead into the CLI's 8-frame input queue: on a 30 s Short, measured 10 MB more peak
RSS at 6 stills and 19 MB at 24). They are scaled to the canvas once, and `select` deals
them by parity into two streams, even scenes and odd scenes. In each stream `zoompan`
(z=1: a cheap copy) repeats every still for its frames on demand (`fps` would emit a whole
scene at once and queue hundreds of processed frames), and one `scale`+`crop` pair with
piecewise expressions gives each scene its Ken Burns motion (`motion.py`). One `overlay`
puts the odd stream over the even one while an odd scene is on screen; transitions slide
the odd layer in or out, in a direction that varies with the boundary index. Filter count
is constant; only expressions grow.

A segment (`segments.py`) draws only its clips: the streams start at its first body frame
(`setpts` after `zoompan`), so every expression keeps its whole-Short times and each frame
comes out as the one-process render draws it.
"""

from pathlib import Path

from pipeline.ffmpeg.escape import filter_value
from pipeline.ffmpeg.motion import Piece, canvas_size, motion_filters
from pipeline.ffmpeg.segments import Segment, whole
from pipeline.ffmpeg.spec import RenderSpec
from pipeline.ffmpeg.timeline import Timeline

STREAMS = 2
# Slide directions (dx, dy) cycled per boundary: from the right, bottom, left, top.
DIRECTIONS = ((1, 0), (0, 1), (-1, 0), (0, -1))


def stream_scenes(tl: Timeline, seg: Segment | None = None) -> list[list[int]]:
    """Clip indices carried by each input stream (even clips, odd clips) that has any."""
    seg = seg or whole(tl)
    drawn = range(seg.first, seg.last + 1)
    streams = [[k for k in drawn if k % STREAMS == s] for s in range(STREAMS)]
    return [ks for ks in streams if ks]


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "'\\''") + "'"


def scene_list(tl: Timeline, seg: Segment | None = None) -> str:
    """The ffconcat script of the stills drawn, in order; they must share one codec."""
    seg = seg or whole(tl)
    clips = tl.body[seg.first : seg.last + 1]
    return "ffconcat version 1.0\n" + "".join(f"file {_quote(c.source)}\n" for c in clips)


def stills_source(stills_list: Path) -> str:
    """The source filter (no labels) reading the ffconcat list `stills_list`, one still a frame.

    The list holds absolute paths, which the concat demuxer only accepts with `safe=0`.
    Stills may differ in size and pixel format: the source passes each frame on as decoded
    and the canvas `scale` adapts to it (the graph is never rebuilt, so no filter loses its
    state). One decoder thread: each still is decoded once, more threads only cost memory.
    """
    path = filter_value(stills_list)
    return f"movie=filename={path}:f=concat:format_opts='safe=0':dec_threads=1"


def _stream(
    spec: RenderSpec, tl: Timeline, seg: Segment, ks: list[int], labels: tuple[str, str]
) -> str:
    enc, body = spec.encode, tl.body
    cw, ch = canvas_size(enc.width, enc.height)
    # Still j of the stream is held from its scene's start to the next one's (or the end).
    starts = [seg.body_start] + [body[k].start for k in ks[1:]]
    holds = [b - a for a, b in zip(starts, [*starts[1:], seg.body_end], strict=True)]
    hold = str(holds[-1])
    for j in reversed(range(len(holds) - 1)):
        hold = f"if(eq(in,{j}),{holds[j]},{hold})"
    pieces = [Piece(body[k].start, body[k].frames, body[k].motion) for k in ks]
    src, out = labels
    # zoompan counts from 0: shift a segment's frames to their time in the whole Short.
    shift = f"setpts=PTS+{seg.body_start}," if seg.body_start else ""
    return (
        f"[{src}]zoompan=z=1:x=0:y=0:d='{hold}':s={cw}x{ch}:fps={tl.fps},{shift}"
        f"{motion_filters(pieces, enc.width, enc.height, tl.fps)},"
        # Pin yuv420p: left free, negotiation may pick yuv444p for the whole chain.
        f"format=yuv420p,setsar=1[{out}]"
    )


def _window(start: int, end: int, fps: int) -> str:
    return f"gte(t,{(start - 0.5) / fps:.6f})*lt(t,{(end - 0.5) / fps:.6f})"


def _overlay(tl: Timeline, seg: Segment) -> str:
    """Odd scenes over even ones; each boundary slides the odd layer in or out."""
    fps, t = tl.fps, tl.overlap
    drawn = range(seg.first, seg.last + 1)
    odd = [tl.body[k] for k in drawn if k % 2]
    enable = "+".join(_window(c.start, c.start + c.frames, fps) for c in odd)
    xs, ys = [], []
    for k in drawn[1:] if t > 0 else ():
        b = tl.body[k].start
        p = f"clip((t*{fps}-{b - 0.5})/{t},0,1)"
        eased = f"({p}*{p}*(3-2*{p}))"
        # Entering (odd k): from off-screen to 0. Leaving (even k): from 0 to off-screen.
        shift = f"(1-{eased})" if k % 2 else f"(-{eased})"
        dx, dy = DIRECTIONS[(k - 1) % len(DIRECTIONS)]
        gate = _window(b, b + t, fps)
        if dx:
            xs.append(f"{gate}*{dx}*W*{shift}")
        if dy:
            ys.append(f"{gate}*{dy}*H*{shift}")
    x = "+".join(xs) or "0"
    y = "+".join(ys) or "0"
    return (
        f"[even][odd]overlay=x='{x}':y='{y}':eval=frame:enable='{enable}'"
        ":format=yuv420:eof_action=pass[scenes]"
    )


def scene_statements(
    spec: RenderSpec, tl: Timeline, stills_list: Path, seg: Segment | None = None
) -> list[str]:
    """Statements reading the stills from the ffconcat list `stills_list`, ending in `[scenes]`.

    `seg`: draw only that segment's frames (`scene_list(tl, seg)` is the list), in body time.
    """
    seg = seg or whole(tl)
    cw, ch = canvas_size(spec.encode.width, spec.encode.height)
    streams = stream_scenes(tl, seg)
    canvas = (
        f"{stills_source(stills_list)},scale=w={cw}:h={ch}:force_original_aspect_ratio=increase"
        ":flags=lanczos:out_color_matrix=bt709:out_range=tv,"
        f"crop=w={cw}:h={ch},format=yuv420p"
    )
    if len(streams) == 1:
        return [f"{canvas}[still0]", _stream(spec, tl, seg, streams[0], ("still0", "scenes"))]
    # The list starts at clip `seg.first`: deal by the clip's index, not the list's.
    parity = f"n+{seg.first % 2}" if seg.first % 2 else "n"
    return [
        f"{canvas},select=expr='mod({parity},2)+1':outputs=2[still0][still1]",
        _stream(spec, tl, seg, streams[0], ("still0", "even")),
        _stream(spec, tl, seg, streams[1], ("still1", "odd")),
        _overlay(tl, seg),
    ]
