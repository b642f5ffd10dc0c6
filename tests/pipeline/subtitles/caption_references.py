"""Reference frames of the caption looks: the caption band (from `caption_band`, the box the
layout keeps for captions) of the grey and the hostile render, one above the other.

Make them again after a deliberate change of a look, from the worktree root:

    PYTHONPATH=. .venv/bin/python tests/pipeline/subtitles/caption_references.py

then look at each PNG in tests/pipeline/subtitles/reference/ before committing them.
"""

import sys
import tempfile
from pathlib import Path

import numpy as np
from caption_frames import Frames, H, W, render_looks
from PIL import Image

from core.captions import CaptionChoice, CaptionLook
from pipeline.subtitles.looks import caption_band

REFERENCE = Path(__file__).with_name("reference")


def band_crop(look: CaptionLook, frames: Frames) -> np.ndarray:
    """The caption band of the look's grey and hostile frames, stacked."""
    band = caption_band(CaptionChoice(look=look))
    rows = slice(round(band.top * H), round(band.bottom * H))
    columns = slice(round(band.left * W), round(band.right * W))
    return np.concatenate([frames[look][name][rows, columns] for name in ("grey", "hostile")])


def reference_path(look: CaptionLook) -> Path:
    return REFERENCE / f"{look}.png"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        frames = render_looks(Path(folder))
    REFERENCE.mkdir(exist_ok=True)
    for look in CaptionLook:
        Image.fromarray(band_crop(look, frames)).save(reference_path(look), optimize=True)
        sys.stdout.write(f"{reference_path(look)}\n")


if __name__ == "__main__":
    main()
