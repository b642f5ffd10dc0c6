"""Real faces from installed wheels, for the face tests: Grace Hopper (matplotlib's sample
data) and Luis Pedro Coelho (mahotas' demo data), located without importing either."""

import importlib.util
from pathlib import Path

from PIL import Image, ImageDraw


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    locations = list(spec.submodule_search_locations or []) if spec else []
    assert locations, f"{name} is not installed"
    return Path(locations[0])


def grace_hopper() -> Path:
    """600x512, head and shoulders."""
    return _package_dir("matplotlib") / "mpl-data" / "sample_data" / "grace_hopper.jpg"


def other_person() -> Path:
    """300x377, another person (the mahotas author's demo photo)."""
    return _package_dir("mahotas") / "demos" / "data" / "luispedro.jpg"


def face_on_backdrop(
    path: Path, colour: tuple[int, int, int], size: tuple[int, int], face: Path | None = None
) -> Path:
    """A photo-like picture: a two-tone backdrop with a real person at the bottom centre."""
    width, height = size
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).rectangle((0, height * 0.6, width, height), fill=(40, 40, 60))
    with Image.open(face or grace_hopper()) as person:
        scale = 0.75 * min(width, height) / person.height
        shown = person.convert("RGB").resize(
            (round(person.width * scale), round(person.height * scale)), Image.Resampling.LANCZOS
        )
    image.paste(shown, ((width - shown.width) // 2, height - shown.height))
    image.save(path)
    return path


def side_by_side(path: Path) -> Path:
    """Two people next to each other in one picture."""
    with Image.open(grace_hopper()) as left, Image.open(other_person()) as right:
        right_scaled = right.convert("RGB").resize(
            (round(right.width * left.height / right.height), left.height)
        )
        image = Image.new("RGB", (left.width + right_scaled.width, left.height), (90, 90, 90))
        image.paste(left.convert("RGB"), (0, 0))
        image.paste(right_scaled, (left.width, 0))
    image.save(path)
    return path
