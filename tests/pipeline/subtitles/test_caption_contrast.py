"""Every caption look reads: at least 4.5:1 (WCAG AA) between a glyph's fill and what is
right around it on the rendered frame, over a picture the colour of the text (white) and
one the colour of the accent (yellow)."""

import pytest
from caption_contrast import fill_colours, measure
from caption_frames import Frames

from core.captions import CaptionLook

pytestmark = [pytest.mark.render, pytest.mark.timeout(120)]
WCAG_AA = 4.5


@pytest.mark.parametrize("look", list(CaptionLook))
def test_caption_text_contrasts_with_what_is_under_it(
    look_frames: Frames, look: CaptionLook
) -> None:
    frames = look_frames[look]
    found = measure(look, frames["grey"], frames["hostile"])
    # Both pictures are under some text, and every fill the look draws was found.
    assert {m.picture for m in found} == {"white", "yellow"}, found
    assert {m.fill for m in found} == fill_colours(look), found
    for m in found:
        assert m.ratio >= WCAG_AA, m
