"""The layout step: where the headline, the captions, the logo, the mark and the faces are on
a still, so that decorations keep off them and text stays on screen.

All boxes are in the still's pixels. Captions, logo and mark are burned on the video frame,
so their box here is what they cover on the still while the Ken Burns window moves
(`pipeline.art.crop.footprint`). Text boxes lie inside the scene's `text_area`: clear of the
platforms' UI and inside the crop window at its tightest.
"""

import math
from dataclasses import dataclass, field, replace

from core.captions import CaptionChoice
from pipeline.art.boxes import Box
from pipeline.art.crop import footprint, text_area
from pipeline.subtitles.looks import caption_band

HEADLINE_SHARE = 0.2  # of the still's height, at most
MIN_HEADLINE_SHARE = 0.1  # the least a headline band over a picture may have
MIN_CLEAR_SHARE = 0.055  # ... or the part of one beside a face, when every band touches one
GAP = 0.012  # of the still's height between the headline and what is below it
# The logo (pipeline/ffmpeg/graph.py: 16 % of the width, 3.5 % margins, top right; assumed
# square) and the plan's mark (pipeline/ffmpeg/watermark.py: bottom left, above the UI band),
# in fractions of a 9:16 frame.
LOGO = Box(1 - 0.035 - 0.16, 0.035 * 9 / 16, 1 - 0.035, (0.035 + 0.16) * 9 / 16)
MARK = Box(0.035, 1 - 450 / 1920 - 0.05, 0.5, 1 - 450 / 1920 + 0.005)
DECORATION_MARGIN = 0.015  # of the still's width: shapes keep this far from text and faces


@dataclass(frozen=True, slots=True)
class SceneLayout:
    """Every element's box on one still."""

    size: tuple[int, int]
    move: str
    area: Box  # where text may go
    headline: Box
    captions: Box
    logo: Box
    mark: Box
    faces: tuple[Box, ...] = field(default=())

    @property
    def texts(self) -> tuple[Box, ...]:
        """Boxes that hold words."""
        return (self.headline, self.captions, self.logo, self.mark)

    def keep_out(self) -> tuple[Box, ...]:
        """What decorations must not touch: the texts and faces, with a margin."""
        margin = DECORATION_MARGIN * self.size[0]
        return tuple(box.inflate(margin) for box in (*self.texts, *self.faces))

    def with_faces(self, faces: tuple[Box, ...]) -> "SceneLayout":
        """The same layout, knowing where the faces are."""
        return replace(self, faces=faces)

    def with_headline(self, headline: Box) -> "SceneLayout":
        """The same layout with the headline elsewhere (one of `headline_bands`)."""
        return replace(self, headline=headline)


def plan_scene(
    size: tuple[int, int], move: str, captions: CaptionChoice | None = None
) -> SceneLayout:
    """The layout of a still of `size` that the render moves with `move`."""
    w, h = size
    area = text_area(move, size)
    caption_box = footprint(caption_band(captions or CaptionChoice()), move, size)
    logo, mark = footprint(LOGO, move, size), footprint(MARK, move, size)
    top = max(area.top, logo.bottom + GAP * h)
    bottom = min(top + HEADLINE_SHARE * h, caption_box.top - GAP * h)
    half = min(w / 2 - area.left, area.right - w / 2)
    headline = Box(w / 2 - half, top, w / 2 + half, max(bottom, top))
    return SceneLayout(size, move, area, headline, caption_box, logo, mark)


def _free_spans(layout: SceneLayout) -> list[tuple[float, float]]:
    """Heights from below the logo to the text area's bottom that are clear of the captions
    and the mark (both span the headline's columns), with GAP around each."""
    gap = GAP * layout.size[1]
    spans = [(max(layout.area.top, layout.logo.bottom + gap), layout.area.bottom)]
    for taken in (layout.captions, layout.mark):
        spans = [
            part
            for top, bottom in spans
            for part in (
                (top, min(bottom, taken.top - gap)),
                (max(top, taken.bottom + gap), bottom),
            )
            if part[1] > part[0]
        ]
    return spans


def headline_bands(layout: SceneLayout) -> tuple[Box, ...]:
    """Where the headline may go over a picture, highest first (the first is where
    `plan_scene` puts it): bands of HEADLINE_SHARE of the height (or what the room allows,
    down to MIN_HEADLINE_SHARE) at half-band steps through the text area's free heights,
    never on the captions, mark or logo; the planned headline alone when none fits."""
    h = layout.size[1]
    bands: list[Box] = []
    for top, bottom in _free_spans(layout):
        height = min(HEADLINE_SHARE * h, bottom - top)
        if height < MIN_HEADLINE_SHARE * h:
            continue
        steps = math.ceil((bottom - top - height) / (height / 2))
        for step in range(steps + 1):
            y = top + (bottom - top - height) * (step / steps if steps else 0)
            bands.append(Box(layout.headline.left, y, layout.headline.right, y + height))
    return tuple(bands) or (layout.headline,)


def clear_parts(layout: SceneLayout, bands: tuple[Box, ...]) -> tuple[Box, ...]:
    """Of each band that touches one of the layout's faces, the taller of its parts above and
    below the faces it touches (GAP away), when at least MIN_CLEAR_SHARE of the height; bands
    clear of faces as they are."""
    gap, least = GAP * layout.size[1], MIN_CLEAR_SHARE * layout.size[1]
    parts: list[Box] = []
    for band in bands:
        touched = [face for face in layout.faces if band.overlaps(face)]
        if not touched:
            parts.append(band)
            continue
        above = Box(band.left, band.top, band.right, min(f.top for f in touched) - gap)
        below = Box(band.left, max(f.bottom for f in touched) + gap, band.right, band.bottom)
        part = max((above, below), key=lambda box: box.height)
        if part.height >= least and part not in parts:
            parts.append(part)
    return tuple(parts)


def free_of(box: Box, keep_out: tuple[Box, ...]) -> bool:
    """Whether `box` touches none of `keep_out`."""
    return not any(box.overlaps(other) for other in keep_out)
