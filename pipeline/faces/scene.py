"""A procedural scene with the character in it, checked: the still is scored against the
character's reference face and redrawn once with another placement when it scores low.

Runs in the visuals stage's drawing workers (pipeline.process_pool). The score travels with
the PNG (a tEXt chunk), so a cached still needs no rescoring.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from core.captions import CaptionChoice
from pipeline.art.crop import scene_move
from pipeline.art.keywords import pick_keywords
from pipeline.art.layout import SceneLayout, plan_scene
from pipeline.art.procedural import (
    check_size,
    draw_background,
    draw_counter,
    draw_headline,
    resolve_style,
    scene_seed,
)
from pipeline.art.styles import Palette
from pipeline.faces.compose import compose_person
from pipeline.faces.detect import FaceBox
from pipeline.faces.identity import FaceReference, similarity_of
from pipeline.faces.placement import face_box, plan_placement

SCORE_KEY = "face_similarity"
ATTEMPTS = 2  # the first placement, then one redraw when it scores below the threshold


@dataclass(frozen=True, slots=True)
class SceneCharacter:
    """What one scene needs to show the character: a cut-out (with its face box and whether
    it is a bust) and the reference to score against."""

    cutout: Path
    face: tuple[int, int, int, int]
    cut: bool
    reference: FaceReference
    threshold: float
    role: str = ""  # a variation's kind ("surprised", "pointing"); "" for a photo


@dataclass(frozen=True, slots=True)
class SceneText:
    """A scene's words and look, as procedural.draw_scene takes them."""

    index: int
    total: int
    prompt: str
    text: str
    style: str
    size: tuple[int, int]
    seed: int
    captions: CaptionChoice = field(default_factory=CaptionChoice)
    counter: bool = False


def draw_character_scene(scene: SceneText, look: SceneCharacter, attempt: int = 0) -> Image.Image:
    """The picture with the person (`draw_character_picture`), then the headline."""
    canvas, palette, layout = draw_character_picture(scene, look, attempt)
    draw_headline(canvas, pick_keywords(scene.text), palette, layout.headline)
    if scene.counter:
        draw_counter(canvas, scene.index, scene.total)
    return canvas


def draw_character_picture(
    scene: SceneText, look: SceneCharacter, attempt: int = 0
) -> tuple[Image.Image, Palette, SceneLayout]:
    """The layout, the person's place in it (from the seed and `attempt`), then the background
    with shapes kept off the face and the text, and the person; no text yet."""
    size = check_size(scene.size)
    key = scene_seed(scene.index, scene.prompt, scene.seed)
    face = FaceBox(*look.face)
    with Image.open(look.cutout) as cutout:
        person = cutout.convert("RGBA")
    layout = plan_scene(size, scene_move(scene.index), scene.captions)
    where = scene_seed(scene.index, f"{scene.prompt}\x1fperson\x1f{attempt}", scene.seed)
    plan = plan_placement(where, size, person.size, face, cut=look.cut, layout=layout)
    layout = layout.with_faces((face_box(plan, face),))
    canvas, palette = draw_background(
        resolve_style(scene.style), size, key, scene.index, scene.seed, layout.keep_out()
    )
    return compose_person(canvas, person, face, plan, palette), palette, layout


def _score(look: SceneCharacter, image: Image.Image) -> float | None:
    return similarity_of(look.reference, np.asarray(image, dtype=np.uint8))


def draw_scored(scene: SceneText, look: SceneCharacter) -> tuple[Image.Image, float | None]:
    """The scene and its face similarity; below the threshold it is redrawn once with
    another placement and the better one is kept (None: no face found in either)."""
    image = draw_character_scene(scene, look)
    best = (image, _score(look, image))
    for attempt in range(1, ATTEMPTS):
        if best[1] is not None and best[1] >= look.threshold:
            break
        image = draw_character_scene(scene, look, attempt)
        score = _score(look, image)
        if score is not None and (best[1] is None or score > best[1]):
            best = (image, score)
    return best


def score_text(score: float | None) -> dict[str, str]:
    """The PNG text chunk that carries the score."""
    return {SCORE_KEY: "none" if score is None else f"{score:.4f}"}


def still_meta(path: Path) -> dict[str, Any]:
    """{"face_similarity": x} from a still drawn with the character; {} for other stills
    (x is None when no face was found)."""
    with Image.open(path) as image:
        raw = dict(getattr(image, "text", {})).get(SCORE_KEY)
    if raw is None:
        return {}
    return {SCORE_KEY: None if raw == "none" else float(raw)}
