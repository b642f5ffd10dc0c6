""" "Another thumbnail" never draws a picture shown before: every round's three candidates,
drawn as the visuals stage draws them (`thumbnail_to`), differ from each other and from
every earlier round's, over procedural art (no picture: the scene a pick names changes
nothing) and over a photo, for titles with one or three word choices; a picture's new
framing keeps faces where the layout is told they are."""

import hashlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.art.boxes import Box
from pipeline.art.hook import hook_variants
from pipeline.art.reframe import reframe
from pipeline.art.thumbnail_picks import thumbnail_picks
from pipeline.stills import StillJob, ThumbnailJob, thumbnail_to

SIZE = (270, 480)
SIZE_FIT = (360, 640)
ROUNDS = 3
# The offline writer's title for the bot test's topic at project ID 2: its round 1 drew
# round 0's three pictures again (same words and bands, and the art keyed by the title).
COLLIDED = "Why cats sleep so much: what's easy to miss"
TITLES = [COLLIDED, "Morning runs: four ideas worth knowing before you start", "Sleep"]


def _photo(path: Path) -> Path:
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 255, (64, 48, 3), dtype=np.uint8)
    Image.fromarray(pixels).resize((720, 960), Image.Resampling.BICUBIC).save(path)
    return path


def _scene(index: int, photo: Path | None) -> StillJob:
    return StillJob(index, 5, "a cat asleep", "Cats sleep", "vivid", SIZE, 1, photo)


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("with_photo", [False, True])
def test_every_round_draws_pictures_not_shown_before(
    title: str, with_photo: bool, tmp_path: Path
) -> None:
    photo = _photo(tmp_path / "photo.png") if with_photo else None
    scenes = 1 if with_photo else 5  # one photo: only words, bands and framing can differ
    seen: dict[str, tuple[int, int]] = {}
    for round_ in range(ROUNDS):
        for i, pick in enumerate(thumbnail_picks(title, scenes, round_=round_)):
            out = tmp_path / f"thumbnail_{round_}_{i}.png"
            thumbnail_to(ThumbnailJob(title, _scene(pick.scene, photo), SIZE, pick), out)
            digest = hashlib.sha256(out.read_bytes()).hexdigest()
            assert digest not in seen, f"round {round_} #{i} repeats {seen.get(digest)}"
            seen[digest] = (round_, i)


def test_the_titles_cover_one_to_three_word_choices() -> None:
    assert sorted(len(hook_variants(title)) for title in TITLES) == [1, 3, 3]


def test_a_reframed_face_box_stays_on_the_face() -> None:
    picture = Image.new("RGB", (800, 1280), (20, 20, 20))
    picture.paste((250, 40, 40), (300, 500, 420, 620))  # the face
    face = Box(130, 250, 190, 310)  # where the plain cover-fit (scale 0.5) puts it
    for seed in range(6):
        framed, (moved,) = reframe(picture, SIZE_FIT, (face,), seed)
        ys, xs = np.nonzero(np.asarray(framed)[..., 0] > 128)
        found = (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)
        expected = (moved.left, moved.top, moved.right, moved.bottom)
        assert np.allclose(found, expected, atol=2), seed
        assert moved.width > face.width  # zoomed in
