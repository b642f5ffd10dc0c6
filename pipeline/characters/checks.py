"""Checks on a new character: name, description, colours, style, photos and logo."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.art.errors import PhotoTooLarge, PhotoUnreadable, PhotoUnsupported
from pipeline.characters.errors import (
    PHOTO_ERRORS,
    CharacterNameInvalid,
    ColourInvalid,
    DescriptionTooLong,
    PhotoCountInvalid,
    TooManyColours,
)
from pipeline.faces.errors import (
    CharacterPhotoNoFace,
    CharacterPhotoSeveralFaces,
    NoFaceInPhoto,
    SeveralFacesInPhoto,
)
from pipeline.faces.identity import ANALYSIS_MAX_SIDE, analyse_photo
from pipeline.user_media.images import open_photo, read_header

MAX_NAME, MAX_DESCRIPTION = 64, 500
MIN_PHOTOS, MAX_PHOTOS = 1, 5
MAX_COLOURS = 5
SHORT_HEX = 3  # "#f80" means "#ff8800"
_HEX = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


@dataclass(frozen=True, slots=True)
class CheckedImage:
    """A readable still: where it is, its upright size and the extension to store it under."""

    path: Path
    width: int
    height: int
    suffix: str


def check_name(name: str) -> str:
    """The name with whitespace collapsed, 1 to MAX_NAME characters."""
    cleaned = " ".join(name.split())
    if not 1 <= len(cleaned) <= MAX_NAME:
        raise CharacterNameInvalid(limit=MAX_NAME)
    return cleaned


def check_description(description: str) -> str:
    """The trimmed description, at most MAX_DESCRIPTION characters."""
    cleaned = description.strip()
    if len(cleaned) > MAX_DESCRIPTION:
        raise DescriptionTooLong(length=len(cleaned), limit=MAX_DESCRIPTION)
    return cleaned


def check_colours(colours: Sequence[str] | None) -> list[str]:
    """Hex colours as "#rrggbb" in lower case ("#F80" and "ff8800" are accepted)."""
    values = list(colours or [])
    if len(values) > MAX_COLOURS:
        raise TooManyColours(limit=MAX_COLOURS, count=len(values))
    checked = []
    for value in values:
        match = _HEX.fullmatch(value.strip())
        if match is None:
            raise ColourInvalid(value=value)
        digits = match.group(1).lower()
        short = len(digits) == SHORT_HEX
        checked.append("#" + ("".join(c * 2 for c in digits) if short else digits))
    return checked


def check_image(path: Path, *, name: str | None = None) -> CheckedImage:
    """Open and verify one still: JPEG, PNG or WebP, decoded whole (a JPEG at the scale face
    analysis uses); raises the art package's photo errors. `name`: as the user knows it."""
    header = read_header(path, name=name)
    open_photo(path, name=name, reduce_to=ANALYSIS_MAX_SIDE).close()
    return CheckedImage(path, header.width, header.height, header.suffix)


def check_reference_photo(path: Path, *, name: str | None = None) -> CheckedImage:
    """A readable still that shows exactly one face: the character is cut out of it and
    scenes are scored against it. Raises NoFaceInPhoto or SeveralFacesInPhoto."""
    checked = check_image(path, name=name)
    analyse_photo(path, cache=False)
    return checked


def check_photos(photos: Sequence[Path]) -> list[CheckedImage]:
    """Check MIN_PHOTOS to MAX_PHOTOS photos; an error names the photo by its position."""
    if not MIN_PHOTOS <= len(photos) <= MAX_PHOTOS:
        raise PhotoCountInvalid(low=MIN_PHOTOS, high=MAX_PHOTOS, count=len(photos))
    checked = []
    for number, path in enumerate(photos, start=1):
        try:
            checked.append(check_reference_photo(Path(path)))
        except (PhotoUnreadable, PhotoUnsupported, PhotoTooLarge) as error:
            raise PHOTO_ERRORS[type(error)](number=number, **error.params) from error
        except SeveralFacesInPhoto as error:
            raise CharacterPhotoSeveralFaces(number=number, **error.params) from error
        except NoFaceInPhoto as error:
            raise CharacterPhotoNoFace(number=number, **error.params) from error
    return checked
