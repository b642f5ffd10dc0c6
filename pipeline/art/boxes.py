"""Axis-aligned boxes in pixels: what the layout step returns and checks."""

from collections.abc import Iterable
from dataclasses import dataclass

EPSILON = 1e-6  # pixels: what float rounding leaves between boxes placed edge to edge


@dataclass(frozen=True, slots=True)
class Box:
    """left, top, right, bottom in pixels (right and bottom exclusive)."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        """right - left (0 when empty)."""
        return max(0.0, self.right - self.left)

    @property
    def height(self) -> float:
        """bottom - top (0 when empty)."""
        return max(0.0, self.bottom - self.top)

    @property
    def empty(self) -> bool:
        """Whether the box covers no pixel."""
        return self.width <= 0 or self.height <= 0

    def overlaps(self, other: "Box") -> bool:
        """Whether the two boxes share any area (touching edges, to float rounding, do not)."""
        shared = intersect((self, other))
        return shared.width > EPSILON and shared.height > EPSILON

    def contains(self, other: "Box", slack: float = 0.5) -> bool:
        """Whether `other` lies inside this box (within `slack` pixels for rounding)."""
        return (
            other.left >= self.left - slack
            and other.top >= self.top - slack
            and other.right <= self.right + slack
            and other.bottom <= self.bottom + slack
        )

    def inflate(self, dx: float, dy: float | None = None) -> "Box":
        """The box grown by `dx` on the left and right and `dy` (default `dx`) above and below."""
        dy = dx if dy is None else dy
        return Box(self.left - dx, self.top - dy, self.right + dx, self.bottom + dy)

    def scale(self, factor: float) -> "Box":
        """The same box in an image `factor` times the size."""
        return Box(
            self.left * factor, self.top * factor, self.right * factor, self.bottom * factor
        )

    def shift(self, dx: float, dy: float) -> "Box":
        """The same box moved by (dx, dy)."""
        return Box(self.left + dx, self.top + dy, self.right + dx, self.bottom + dy)

    def pixels(self) -> tuple[int, int, int, int]:
        """Rounded for Pillow's crop and paste."""
        return (round(self.left), round(self.top), round(self.right), round(self.bottom))


def intersect(boxes: Iterable[Box]) -> Box:
    """The area all `boxes` share (may be empty)."""
    items = list(boxes)
    return Box(
        max(b.left for b in items),
        max(b.top for b in items),
        min(b.right for b in items),
        min(b.bottom for b in items),
    )


def hull(boxes: Iterable[Box]) -> Box:
    """The smallest box holding all `boxes`."""
    items = list(boxes)
    return Box(
        min(b.left for b in items),
        min(b.top for b in items),
        max(b.right for b in items),
        max(b.bottom for b in items),
    )
