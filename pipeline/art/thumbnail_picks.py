"""The three thumbnails a preview offers: each a different picture, word choice or band.

Round 0 (the first preview) offers the first scene with the hook in the calmest band, the
scene where the character's face matched best (the middle scene without one) and another
scene; each regeneration (a later round) draws three scenes, word choices, bands and looks
(procedural art, or a picture's framing) from a seed of its own, so "another thumbnail"
really is another: no picture of an earlier round comes back.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.art.hook import hook_variants
from pipeline.art.thumbnail import BANDS

CANDIDATES = 3


@dataclass(frozen=True, slots=True)
class ThumbnailPick:
    """One candidate: the scene whose picture it shows, its words, its band (None: the
    calmest) and its look (`art`, None in the first round: see `draw_thumbnail`)."""

    scene: int
    words: tuple[str, ...]
    band: int | None
    art: int | None = None


def _scenes(count: int, best_face: int | None, rng: random.Random, first: bool) -> list[int]:
    """Three scenes, distinct while there are enough."""
    order = list(range(count))
    rng.shuffle(order)
    chosen = [0, best_face if best_face is not None else count // 2] if first else []
    for scene in order:
        if scene not in chosen:
            chosen.append(scene)
    while len(chosen) < CANDIDATES:  # fewer scenes than candidates: pictures repeat
        chosen.append(chosen[len(chosen) % count])
    return chosen[:CANDIDATES]


def thumbnail_picks(
    title: str, scenes: int, *, best_face: int | None = None, round_: int = 0
) -> tuple[ThumbnailPick, ...]:
    """The three candidates of `round_` for a Short of `scenes` scenes."""
    rng = random.Random(f"thumbnails:{title}:{round_}")  # noqa: S311 (variety, not secrecy)
    pictures = _scenes(max(scenes, 1), best_face, rng, first=round_ == 0)
    variants: Sequence[list[str]] = hook_variants(title)
    shift = 0 if round_ == 0 else rng.randrange(len(BANDS))
    calmest_first = round_ == 0 and len(set(pictures)) == CANDIDATES
    picks = []
    for i, scene in enumerate(pictures):
        words = variants[(i + round_) % len(variants)]
        # Repeated pictures differ by band: the calmest one could be another's band.
        band = None if calmest_first and i == 0 else (i + shift) % len(BANDS)
        # Scenes, words and bands are few (and procedural art shows no scene): a later
        # round's own look is what keeps it from drawing an earlier round's picture again.
        art = None if round_ == 0 else rng.getrandbits(62)
        picks.append(ThumbnailPick(scene, tuple(words), band, art))
    return tuple(picks)
