"""The preview's three thumbnails: different pictures, words or bands, each one text block."""

import itertools

import numpy as np
import pytest
from PIL import Image

from pipeline.art.hook import hook_variants
from pipeline.art.photos import cover
from pipeline.art.thumbnail import draw_thumbnail, title_box
from pipeline.art.thumbnail_picks import CANDIDATES, thumbnail_picks
from tests.pipeline.art.test_thumbnail_block import FLAT, SHADOW, SIZE, TITLE, _rows, _text_mask


def test_hook_variants_are_distinct_two_to_five_words() -> None:
    variants = hook_variants(TITLE)

    assert variants[0] == ["Morning", "runs"]
    assert len(variants) == CANDIDATES
    assert all(2 <= len(words) <= 5 for words in variants)
    assert len({tuple(words) for words in variants}) == len(variants)


def test_first_round_shows_first_scene_then_best_face() -> None:
    picks = thumbnail_picks(TITLE, 6, best_face=4)

    assert [pick.scene for pick in picks[:2]] == [0, 4]
    assert len({pick.scene for pick in picks}) == CANDIDATES
    assert picks[0].band is None  # the calmest band
    assert picks[0].words == ("Morning", "runs")


@pytest.mark.parametrize("scenes", [1, 2, 6])
def test_each_round_offers_three_different_candidates(scenes: int) -> None:
    rounds = [thumbnail_picks(TITLE, scenes, round_=r) for r in range(4)]

    for picks in rounds:
        assert len(set(picks)) == CANDIDATES
        assert all(0 <= pick.scene < scenes for pick in picks)
    assert len({picks for picks in rounds}) == len(rounds)  # regenerate: another three


def test_candidates_differ_and_each_holds_one_text_block() -> None:
    flat = Image.new("RGB", (720, 1280), FLAT)
    masks = []
    for pick in thumbnail_picks(TITLE, 1):  # one picture: words and bands tell them apart
        image = draw_thumbnail(TITLE, "vivid", SIZE, flat, words=pick.words, band=pick.band)
        mask = _text_mask(image)
        box = title_box(cover(flat, SIZE), band=pick.band).inflate(SHADOW)
        ys, xs = np.nonzero(mask)
        assert mask.sum() > 0.02 * mask.size
        assert box.left <= xs.min()
        assert xs.max() < box.right
        assert box.top <= ys.min()
        assert ys.max() < box.bottom
        runs = _rows(mask)
        tallest = max(end - start for start, end in runs)
        assert len(runs) <= 3
        assert all(b[0] - a[1] < tallest for a, b in itertools.pairwise(runs))
        masks.append(mask)
    for one, other in itertools.combinations(masks, 2):
        assert (one != other).mean() > 0.01
