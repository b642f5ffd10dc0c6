"""Style presets: palettes, shape sets and texture settings for the procedural art."""

from dataclasses import dataclass

from pipeline.art.errors import UnknownStyle

RGB = tuple[int, int, int]


def hex_rgb(value: str) -> RGB:
    """'#1e0b5e' -> (30, 11, 94)."""
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


@dataclass(frozen=True, slots=True)
class Palette:
    """Three gradient stops for the background and three accents for shapes and highlights."""

    background: tuple[RGB, RGB, RGB]
    accents: tuple[RGB, RGB, RGB]


def _palette(background: str, accents: str) -> Palette:
    bg = tuple(hex_rgb(v) for v in background.split())
    ac = tuple(hex_rgb(v) for v in accents.split())
    return Palette((bg[0], bg[1], bg[2]), (ac[0], ac[1], ac[2]))


@dataclass(frozen=True, slots=True)
class Style:
    """A look: palettes to rotate through, shape kinds and how much texture to add."""

    name: str
    palettes: tuple[Palette, ...]
    shapes: tuple[str, ...]
    shape_count: tuple[int, int]
    shape_alpha: tuple[int, int]
    bokeh_count: tuple[int, int]
    bokeh_alpha: float
    glow: float  # strength of the soft radial light spots, 0..1
    # Noise standard deviation in 0-255 units: enough to dither gradients against banding;
    # more costs x264 bits and time (halving 5.0 made encoding 20% faster, files 45% smaller).
    grain: float
    vignette: float  # darkening at the corners, 0..1
    neon: bool  # shapes get a blurred glow copy
    prompt_keywords: str


STYLES: dict[str, Style] = {
    "vivid": Style(
        "vivid",
        (
            _palette("#1e0b5e #6a1b9a #ff4e50", "#ffd54f #00e5ff #ff4081"),
            _palette("#002a5c #0077a8 #00c9a7", "#ffeb3b #ff6f61 #ffffff"),
            _palette("#4a00e0 #c0247a #ff7a2f", "#ffe259 #00f5d4 #ffffff"),
        ),
        ("circle", "ring", "triangle", "rect", "wave", "dots"),
        (5, 9),
        (110, 200),
        (10, 18),
        0.35,
        0.55,
        2.5,
        0.35,
        False,
        "bold saturated colours, high contrast, clean graphic shapes, dynamic composition",
    ),
    "minimal": Style(
        "minimal",
        (
            _palette("#f5f1ea #ece6dc #dfd7ca", "#1f1f1f #e4572e #2e86ab"),
            _palette("#eef2f5 #e2e9ef #d2dce5", "#22313f #f39c12 #16a085"),
            _palette("#f4efe9 #e9e4f0 #d9d3e6", "#2b2d42 #ef476f #118ab2"),
        ),
        ("line", "ring", "rect", "arc"),
        (2, 4),
        (190, 240),
        (0, 3),
        0.12,
        0.15,
        1.25,
        0.12,
        False,
        "minimalist, lots of negative space, soft daylight, muted tones, editorial photography",
    ),
    "dark": Style(
        "dark",
        (
            _palette("#070b14 #111a2e #1d2b4a", "#4f8bff #9b5de5 #f15bb5"),
            _palette("#0a0a0f #1a1423 #33204a", "#e0aaff #7b2cbf #ff9e00"),
            _palette("#04090c #0b1e26 #123a42", "#2ec4b6 #cbf3f0 #ff9f1c"),
        ),
        ("ring", "arc", "dots", "line", "circle"),
        (3, 6),
        (70, 150),
        (8, 14),
        0.3,
        0.5,
        2.0,
        0.55,
        False,
        "moody low-key lighting, deep shadows, cinematic, rich dark tones with coloured rim light",
    ),
    "pastel": Style(
        "pastel",
        (
            _palette("#fbd3dc #f6c6e0 #cdd9fb", "#7fa8ff #ff8fa3 #5fd6e8"),
            _palette("#c9f0f5 #dcdff7 #f9d3e3", "#9d8cff #ffb86b #7fdc8c"),
            _palette("#ffe3cc #f3ecdf #d3e2a6", "#ff8f8f #a392ff #5fb8de"),
        ),
        ("blob", "circle", "wave", "dots", "ring"),
        (5, 8),
        (120, 200),
        (10, 16),
        0.45,
        0.35,
        1.5,
        0.1,
        False,
        "soft pastel colours, gentle light, airy and playful, smooth rounded forms",
    ),
    "neon": Style(
        "neon",
        (
            _palette("#06010f #140430 #2a0845", "#ff00e5 #00f0ff #39ff14"),
            _palette("#020617 #0b0b2b #1e0037", "#ff2e63 #08d9d6 #ffe600"),
            _palette("#000814 #001d3d #2b0040", "#f72585 #4cc9f0 #b5179e"),
        ),
        ("ring", "line", "triangle", "rect", "dots"),
        (4, 7),
        (170, 240),
        (8, 14),
        0.3,
        0.6,
        2.25,
        0.5,
        True,
        "neon lights, glowing outlines, synthwave, night city reflections, high contrast",
    ),
    "warm": Style(
        "warm",
        (
            _palette("#3e1f0d #a4471f #f2a65a", "#ffd07f #ff7b54 #fff4e0"),
            _palette("#5b1a18 #c8553d #f28f3b", "#ffd5c2 #f6bd60 #ffffff"),
            _palette("#2d1e2f #8e3b46 #e07a5f", "#f2cc8f #f4f1de #81b29a"),
        ),
        ("circle", "arc", "wave", "blob", "ring"),
        (4, 7),
        (90, 170),
        (10, 18),
        0.4,
        0.6,
        2.25,
        0.4,
        False,
        "warm golden-hour light, cosy atmosphere, earthy tones, soft film look",
    ),
}
STYLE_NAMES: tuple[str, ...] = tuple(STYLES)


def get_style(name: str) -> Style:
    """Return the preset called `name` (case-insensitive); raise `UnknownStyle` otherwise."""
    style = STYLES.get(name.strip().lower())
    if style is None:
        raise UnknownStyle(name=name, choices=", ".join(STYLE_NAMES))
    return style
