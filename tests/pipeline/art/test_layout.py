"""The layout step's boxes: text on screen and clear of the platforms' UI for every move,
decorations off every text and face box, across the six styles and 50 seeded scenes."""

import random

import pytest
from PIL import Image

from core.captions import CaptionChoice, CaptionLook, CaptionPosition, CaptionSize
from pipeline.art.boxes import Box
from pipeline.art.crop import SCENE_MOVES, end_windows, safe_in, scene_move
from pipeline.art.layout import plan_scene
from pipeline.art.procedural import draw_headline, scene_seed
from pipeline.art.shapes import plan_shapes
from pipeline.art.styles import STYLE_NAMES, get_style
from pipeline.faces.detect import FaceBox
from pipeline.faces.placement import face_box, plan_placement

STILL = (1188, 2112)  # the canvas a 1080x1920 Short's stills are drawn at
CHOICES = [
    CaptionChoice(look=look, position=position, size=size)
    for look in CaptionLook
    for position in CaptionPosition
    for size in CaptionSize
]
FACE, PERSON = FaceBox(179, 121, 365, 307), (511, 582)


def test_text_boxes_stay_in_the_safe_area_of_every_crop_window() -> None:
    for move in SCENE_MOVES:
        for choice in CHOICES:
            layout = plan_scene(STILL, move, choice)
            assert layout.headline.height > 0.1 * STILL[1]
            for window in end_windows(move, STILL):
                assert safe_in(window).contains(layout.headline)
            assert not layout.headline.overlaps(layout.captions)
            assert not layout.headline.overlaps(layout.logo)


def test_the_tightest_window_is_the_zoomed_in_centre() -> None:
    first, last = end_windows("zoom_in", STILL)
    assert first == Box(0, 0, *STILL)
    assert last.width == pytest.approx(1080)
    assert last.height == pytest.approx(1920)
    assert (last.left, last.top) == (pytest.approx(54), pytest.approx(96))


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_shapes_never_touch_text_or_faces(style: str) -> None:
    look = get_style(style)
    for scene in range(50):
        key = scene_seed(scene, f"prompt {scene}", 7)
        choice = CHOICES[scene % len(CHOICES)]
        layout = plan_scene(STILL, scene_move(scene), choice)
        plan = plan_placement(key, STILL, PERSON, FACE, cut=True, layout=layout)
        face = face_box(plan, FACE)
        layout = layout.with_faces((face,))
        assert not any(face.overlaps(text) for text in layout.texts)
        rng = random.Random(key)  # noqa: S311 (a seeded scene, as the art draws it)
        palette = look.palettes[scene % len(look.palettes)]
        shapes = plan_shapes(STILL, look, palette, rng, layout.keep_out())
        assert shapes  # decorations are moved or shrunk, rarely all dropped
        for shape in shapes:
            reach = shape.reach.scale(STILL[0] / (STILL[0] // 2))
            assert not any(reach.overlaps(box) for box in (*layout.texts, face))


def test_the_drawn_headline_stays_inside_its_box() -> None:
    palette = get_style("vivid").palettes[0]
    for scene in range(8):
        layout = plan_scene(STILL, scene_move(scene))
        canvas = Image.new("RGB", STILL, (40, 40, 90))
        words = ["ОСЬМИНОГИ", "ВЕЗДЕ"] if scene % 2 else ["Почему", "небо", "голубое"]
        drawn = draw_headline(canvas, words, palette, layout.headline)
        assert layout.headline.contains(drawn, slack=1)
