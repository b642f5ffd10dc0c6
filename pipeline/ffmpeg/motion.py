"""Ken Burns motion that is cheap and never jitters.

`zoompan` rounds its crop origin and size independently, so a tracked point wobbles
backwards by about half a pixel; `perspective` (eval=frame) is smooth but rebuilds a
per-pixel table every frame (+10 s per 30 s on 2 cores). Instead, one `scale` (eval=frame)
and one `crop` (exact=1) per scene stream:

- Zooms scale the canvas every frame to an *even* size that grows (or shrinks)
  monotonically, then crop exactly the centre: the offset is half the size change, so the
  centre never moves and every other point moves one way only.
- Pans keep the canvas size (`scale` then passes frames through untouched) and move the
  crop origin monotonically (`crop` is zero-copy).

The expressions are piecewise in `t` because one stream carries several scenes (see
`scenes.py`). They use `t`, not `n` (`scale` and `crop` count frames differently); `t`
is exact because the stream runs in time base 1/fps with pts = frame index.
"""

from dataclasses import dataclass

from pipeline.art.crop import KEN_BURNS_ZOOM
from pipeline.ffmpeg.spec import Motion


@dataclass(frozen=True, slots=True)
class Piece:
    start: int  # first frame of this scene in its stream
    frames: int
    motion: Motion


def canvas_size(width: int, height: int) -> tuple[int, int]:
    """The canvas each still is scaled to once: the output plus Ken Burns headroom."""
    return 2 * round(width / 2 * KEN_BURNS_ZOOM), 2 * round(height / 2 * KEN_BURNS_ZOOM)


def _ramp(start: float, end: float, piece: Piece, fps: int) -> str:
    """Linear in stream time from `start` (first frame) to `end` (last frame)."""
    span = max(piece.frames - 1, 1) / fps
    slope = (end - start) / span
    return f"({start:.6g}{slope:+.9g}*(t-{piece.start / fps:.6f}))"


def _exprs(piece: Piece, width: int, height: int, fps: int) -> tuple[str, str, str, str]:
    """(scale w, scale h, crop x, crop y) expressions for one scene."""
    cw, ch = canvas_size(width, height)
    hw, hh = width // 2, height // 2
    if piece.motion in (Motion.ZOOM_IN, Motion.ZOOM_OUT, Motion.STATIC):
        z0, z1 = {
            Motion.ZOOM_IN: (1.0, cw / width),
            Motion.ZOOM_OUT: (cw / width, 1.0),
            Motion.STATIC: (1.0, 1.0),  # the whole card: no headroom cropped off
        }[piece.motion]
        z = _ramp(z0, z1, piece, fps)
        return (
            f"2*round({hw}*{z})",
            f"2*round({hh}*{z})",
            f"round({hw}*{z})-{hw}",
            f"round({hh}*{z})-{hh}",
        )
    mx, my = (cw - width) // 2, (ch - height) // 2
    t0 = piece.start / fps
    if piece.motion in (Motion.PAN_LEFT, Motion.PAN_RIGHT):
        x = _pan(cw - width, piece.frames, piece.motion is Motion.PAN_RIGHT, t0, fps)
        return str(cw), str(ch), x, str(my)
    y = _pan(ch - height, piece.frames, piece.motion is Motion.PAN_DOWN, t0, fps)
    return str(cw), str(ch), str(mx), y


def _pan(headroom: int, frames: int, forward: bool, t0: float, fps: int) -> str:
    """Crop origin moving at a constant cadence: `per` px every `every` frames.

    Whole pixels at an even cadence (1 px every frame, or every 2nd, 3rd... frame) look
    smoother than the 1-1-2-1 pattern of rounding a fractional speed. The travel is
    centred in the headroom.
    """
    n = max(frames - 1, 1)
    if headroom >= n:
        per, every = headroom // n, 1
    else:
        per, every = 1, -(-n // max(headroom, 1))
    travel = per * (n // every)
    low = (headroom - travel) // 2
    steps = f"floor((t-{t0:.6f})*{fps / every:.9g}+0.01)"
    return f"({low}+{per}*{steps})" if forward else f"({low + travel}-{per}*{steps})"


def _piecewise(starts: list[int], values: list[str], fps: int) -> str:
    expr = values[-1]
    for start, value in zip(reversed(starts[1:]), reversed(values[:-1]), strict=True):
        # Switch half a frame early: exact float equality on t is not reliable.
        expr = f"if(lt(t,{(start - 0.5) / fps:.6f}),{value},{expr})"
    return expr


def motion_filters(pieces: list[Piece], width: int, height: int, fps: int) -> str:
    """Filters giving each piece of a stream of canvas-sized stills its motion.

    Between pieces (while the stream is hidden) the canvas centre is shown unscaled.
    """
    cw, ch = canvas_size(width, height)
    idle = (str(cw), str(ch), str((cw - width) // 2), str((ch - height) // 2))
    starts: list[int] = []
    values: list[tuple[str, str, str, str]] = []
    cursor = 0
    for piece in pieces:
        if piece.start > cursor:
            starts.append(cursor)
            values.append(idle)
        starts.append(piece.start)
        values.append(_exprs(piece, width, height, fps))
        cursor = piece.start + piece.frames
    starts.append(cursor)
    values.append(idle)
    w, h, x, y = (_piecewise(starts, [v[i] for v in values], fps) for i in range(4))
    return (
        f"scale=w='{w}':h='{h}':eval=frame:flags=bilinear,"
        f"crop=w={width}:h={height}:x='{x}':y='{y}':exact=1"
    )
