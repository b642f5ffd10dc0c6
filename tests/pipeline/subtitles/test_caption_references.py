"""Each caption look still looks as its stored reference frame (see `caption_references` for
how they are made), and its captions stay inside the band the layout keeps for them."""

import numpy as np
import pytest
from caption_frames import GREY, Frames, H, W
from caption_references import band_crop, reference_path
from PIL import Image

from core.captions import CaptionChoice, CaptionLook
from pipeline.subtitles.looks import caption_band

pytestmark = [pytest.mark.render, pytest.mark.timeout(120)]
# The same ffmpeg on the same input gives the same pixels (measured difference 0); the slack
# is for another machine's x264. A recoloured accent moves ~2 % of the pixels by far more
# than CHANGED, a glyph shifted by 2 px ~4 %.
MEAN_DIFF = 2.0  # mean absolute difference per channel, 0-255
CHANGED = 48  # a channel this far off is a visibly different pixel
MAX_CHANGED_SHARE = 0.005


@pytest.mark.parametrize("look", list(CaptionLook))
def test_look_matches_its_reference_frame(look_frames: Frames, look: CaptionLook) -> None:
    with Image.open(reference_path(look)) as stored:
        reference = np.asarray(stored.convert("RGB"), dtype=float)
    now = band_crop(look, look_frames).astype(float)
    assert now.shape == reference.shape
    diff = np.abs(now - reference)
    changed = float((diff.max(axis=-1) > CHANGED).mean())
    assert diff.mean() < MEAN_DIFF, diff.mean()
    assert changed < MAX_CHANGED_SHARE, changed


@pytest.mark.parametrize("look", list(CaptionLook))
def test_captions_stay_inside_their_layout_band(look_frames: Frames, look: CaptionLook) -> None:
    grey = look_frames[look]["grey"].astype(int)
    drawn = np.abs(grey - np.array(GREY)).max(axis=-1) > CHANGED
    band = caption_band(CaptionChoice(look=look))
    inside = np.zeros(drawn.shape, bool)
    top, bottom = round(band.top * H), round(band.bottom * H)
    inside[top:bottom, round(band.left * W) : round(band.right * W)] = True
    assert drawn.sum() > 500  # the caption was drawn
    assert not (drawn & ~inside).any(), np.argwhere(drawn & ~inside)[:5]
