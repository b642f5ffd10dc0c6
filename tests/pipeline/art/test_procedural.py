"""Procedural scene art: size, variety, typography placement, Cyrillic glyphs (its speed:
`python -m bench.art`)."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.errors import InvalidInput
from pipeline.art.crop import scene_move
from pipeline.art.errors import UnknownStyle
from pipeline.art.layout import plan_scene
from pipeline.art.procedural import draw_background, draw_scene, scene_seed
from pipeline.art.styles import STYLE_NAMES, get_style
from pipeline.art.typography import BLACK, fit_text, font

SMALL = (270, 480)
PROMPT = "a compass on an open map; setting: coastline; mood: inspiring; style: vivid"


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image, dtype=np.int16)


def difference(a: Image.Image, b: Image.Image) -> float:
    return float(np.abs(pixels(a) - pixels(b)).mean())


@pytest.mark.parametrize("size", [(1080, 1920), (1188, 2112), SMALL, (640, 640)])
def test_size_and_mode(size: tuple[int, int]) -> None:
    image = draw_scene(0, 5, PROMPT, "Частая ошибка: всё и сразу.", "vivid", size, 1)
    assert image.size == size
    assert image.mode == "RGB"


def test_deterministic() -> None:
    first = draw_scene(2, 6, PROMPT, "Why it matters", "neon", SMALL, 4)
    again = draw_scene(2, 6, PROMPT, "Why it matters", "neon", SMALL, 4)
    assert first.tobytes() == again.tobytes()


def test_scenes_of_one_video_differ() -> None:
    texts = ["«Утренний бег»", "Почему это важно", "Частая ошибка", "Что попробовать"]
    scenes = [
        draw_scene(i, 4, f"{PROMPT} {i}", text, "vivid", SMALL, 9) for i, text in enumerate(texts)
    ]
    for i, a in enumerate(scenes):
        for b in scenes[i + 1 :]:
            assert difference(a, b) > 12


def test_prompt_changes_the_picture() -> None:
    a = draw_scene(1, 4, "a lighthouse", "Тема", "dark", SMALL, 0)
    b = draw_scene(1, 4, "a staircase", "Тема", "dark", SMALL, 0)
    assert difference(a, b) > 8


def test_styles_differ() -> None:
    images = {name: draw_scene(0, 3, PROMPT, "Тема", name, SMALL, 2) for name in STYLE_NAMES}
    means = {name: pixels(image).mean(axis=(0, 1)) for name, image in images.items()}
    names = list(STYLE_NAMES)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert difference(images[a], images[b]) > 15, (a, b)
    assert means["minimal"].mean() > means["dark"].mean() + 80
    assert means["pastel"].mean() > means["neon"].mean() + 80


def test_typography_in_top_third_and_caption_band_free() -> None:
    size = (540, 960)
    style = get_style("vivid")
    key = scene_seed(3, PROMPT, 5)
    keep_out = plan_scene(size, scene_move(3)).keep_out()
    bare, _ = draw_background(style, size, key, 3, 5, keep_out)
    scene = draw_scene(3, 6, PROMPT, "Частая ошибка: всё и сразу.", style, size, 5)
    diff = np.abs(pixels(scene) - pixels(bare)).max(axis=2)
    h = size[1]
    top_third = diff[: h // 3]
    assert (top_third > 60).mean() > 0.04  # big letters cover a good share of the top third
    band = diff[int(h * 0.55) : int(h * 0.75)]
    assert band.max() == 0  # nothing drawn over the captions' band


def _glyph_mask(text: str) -> np.ndarray:
    face = font(BLACK, 64)
    image = Image.new("L", (80 * len(text), 96), 0)
    ImageDraw.Draw(image).text((4, 4), text, font=face, fill=255)
    return np.asarray(image) > 127


def test_cyrillic_glyphs_are_not_tofu() -> None:
    tofu = _glyph_mask("\u4e2d")  # CJK: not in Roboto, renders as .notdef
    for letter in "ЖЁЛУДЬЯЩЫЭ":
        mask = _glyph_mask(letter)
        assert mask.sum() > 100
        assert not np.array_equal(mask, tofu), letter
    letters = [_glyph_mask(letter) for letter in "ЖЩЮ"]
    assert not np.array_equal(letters[0], letters[1])
    assert not np.array_equal(letters[1], letters[2])


def test_long_words_fit_the_box() -> None:
    block = fit_text("ПРЕДПРИНИМАТЕЛЬСТВО ДОСТОПРИМЕЧАТЕЛЬНОСТИ", (400, 200))
    assert block.width <= 400
    assert block.height <= 200
    assert len(block.lines) <= 3


def test_bad_size_and_style() -> None:
    with pytest.raises(InvalidInput):
        draw_scene(0, 1, PROMPT, "x", "vivid", (10, 10000), 0)
    with pytest.raises(UnknownStyle) as caught:
        draw_scene(0, 1, PROMPT, "x", "sepia", SMALL, 0)
    assert "vivid" in str(caught.value)
    assert get_style(" NEON ").name == "neon"
