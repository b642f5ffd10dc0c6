"""Which part of a still the viewer sees: the Ken Burns crop windows and the platforms' UI.

A still is drawn larger than the video (`pipeline.ffmpeg.motion.canvas_size`) and the render
moves an output-sized window over it. A window moves linearly, so the two ends of its path
bound everything: text inside the safe area of both end windows is inside it all the time.

Kept free of `pipeline.ffmpeg` (the drawing workers import only the art modules): the moves
are named by `pipeline.ffmpeg.spec.Motion`'s values, and the render stage takes them from
`scene_move` so a still and its motion agree.
"""

from pipeline.art.boxes import Box, hull, intersect

# The render alternates moves so consecutive scenes never repeat one.
SCENE_MOVES = (
    "zoom_in",
    "pan_left",
    "zoom_out",
    "pan_up",
    "zoom_in",
    "pan_right",
    "zoom_out",
    "pan_down",
)
# Bands of the visible frame where YouTube, Instagram and TikTok draw their own UI, as
# fractions of the frame: tabs and search on top, account name, description and the sound
# at the bottom, the like/comment/share column on the right.
SAFE_LEFT, SAFE_TOP, SAFE_RIGHT, SAFE_BOTTOM = 0.06, 0.085, 0.125, 450 / 1920
KEN_BURNS_ZOOM = 1.1  # the still is the frame x 1.1 (1188x2112 for 1080x1920)


def scene_move(index: int) -> str:
    """The Ken Burns move of scene `index` (a `Motion` value)."""
    return SCENE_MOVES[index % len(SCENE_MOVES)]


def end_windows(move: str, still: tuple[int, int]) -> tuple[Box, Box]:
    """The first and last crop window of `move`, in still pixels."""
    sw, sh = still
    vw, vh = sw / KEN_BURNS_ZOOM, sh / KEN_BURNS_ZOOM
    full = Box(0, 0, sw, sh)
    mx, my = (sw - vw) / 2, (sh - vh) / 2
    centre = Box(mx, my, mx + vw, my + vh)
    if move in ("zoom_in", "zoom_out"):
        return full, centre
    if move in ("pan_left", "pan_right"):
        return Box(0, my, vw, my + vh), Box(sw - vw, my, sw, my + vh)
    if move in ("pan_up", "pan_down"):
        return Box(mx, 0, mx + vw, vh), Box(mx, sh - vh, mx + vw, sh)
    return full, full  # static: the whole still, squeezed to the frame


def safe_in(window: Box) -> Box:
    """The part of `window` no platform draws over."""
    return Box(
        window.left + SAFE_LEFT * window.width,
        window.top + SAFE_TOP * window.height,
        window.right - SAFE_RIGHT * window.width,
        window.bottom - SAFE_BOTTOM * window.height,
    )


def text_area(move: str, still: tuple[int, int]) -> Box:
    """Where text on the still is always on screen and clear of the platforms' UI."""
    return intersect(safe_in(w) for w in end_windows(move, still))


def footprint(frame_box: Box, move: str, still: tuple[int, int]) -> Box:
    """What a box fixed on the video frame (captions, logo, mark; in fractions of the frame)
    covers on the still while the window moves: the hull of its place in both end windows."""
    return hull(
        Box(
            w.left + frame_box.left * w.width,
            w.top + frame_box.top * w.height,
            w.left + frame_box.right * w.width,
            w.top + frame_box.bottom * w.height,
        )
        for w in end_windows(move, still)
    )
