"""People in the pictures: a `Painter` draws onto each image a model makes, so tests can
check the likeness of generated scenes with a real face detector.

`FalEmulator(painter=reference_person)` pastes the job's first reference image into every
picture, as a reference model (Kontext) would keep the character's face;
`FalEmulator(painter=photo_person(data))` pastes another person's photo (an unlike scene).
Without a painter the pictures show no face at all.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from PIL import Image

# (the picture as encoded bytes, the job's reference images, its format) -> the new bytes
Painter = Callable[[bytes, Sequence[bytes], str], bytes]

PERSON_WIDTH = 0.6  # of the picture's width
PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG"}


def paste_person(picture: bytes, person: bytes, fmt: str) -> bytes:
    """`person` scaled to PERSON_WIDTH of the picture, pasted at its centre."""
    with Image.open(io.BytesIO(picture)) as drawn, Image.open(io.BytesIO(person)) as photo:
        canvas = drawn.convert("RGB")
        width = round(canvas.width * PERSON_WIDTH)
        height = round(photo.height * width / photo.width)
        shown = photo.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
    canvas.paste(shown, ((canvas.width - width) // 2, (canvas.height - height) // 2))
    out = io.BytesIO()
    canvas.save(out, format=PIL_FORMATS.get(fmt, "JPEG"))
    return out.getvalue()


def reference_person(picture: bytes, references: Sequence[bytes], fmt: str) -> bytes:
    """The first reference image in the picture; text-to-image jobs are left as they are."""
    return paste_person(picture, references[0], fmt) if references else picture


def photo_person(person: bytes) -> Painter:
    """A painter that puts this photo (someone other than the references) in every picture."""

    def paint(picture: bytes, references: Sequence[bytes], fmt: str) -> bytes:
        return paste_person(picture, person, fmt)

    return paint
