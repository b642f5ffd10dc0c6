"""What one scene's still is drawn from, and the drawing the visuals stage runs in worker
processes (`pipeline.process_pool`).

Kept apart from `pipeline.stages.visuals` so a worker imports only the drawing (numpy, Pillow, the
art and faces modules: 0.26 s and 44 MB), not the stage's database and provider modules
(0.95 s and 90 MB, measured in a fresh interpreter).
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from core.captions import CaptionChoice
from pipeline.art.boxes import Box
from pipeline.art.crop import scene_move
from pipeline.art.layout import plan_scene
from pipeline.art.procedural import draw_counter, draw_scene
from pipeline.art.save import save_png_atomic
from pipeline.art.thumbnail import draw_thumbnail
from pipeline.art.thumbnail_picks import ThumbnailPick
from pipeline.faces.scene import (
    SceneCharacter,
    SceneText,
    draw_character_picture,
    draw_scored,
    score_text,
)
from pipeline.picture_still import letter_picture, open_picture, picture_faces

LETTERING = "calm-headline"  # in a picture still's name: stills drawn before had no headline


@dataclass(frozen=True, slots=True)
class StillJob:
    """What one scene's still is drawn from."""

    index: int
    total: int
    prompt: str
    text: str
    style: str
    size: tuple[int, int]
    seed: int
    photo: Path | None
    character: SceneCharacter | None = None  # the creator, cut out and put into the art
    captions: CaptionChoice = field(default_factory=CaptionChoice)  # the layout keeps off them
    counter: bool = False  # the "2 / 6" pill
    picture: Path | None = None  # an image provider's picture: the headline goes over it

    def file_name(self) -> str:
        """Content-addressed: a redo redraws only the scenes whose inputs changed."""
        parts: tuple[object, ...] = (
            self.prompt,
            self.text,
            self.style,
            self.size,
            self.seed,
            self.photo,
            self.captions.model_dump_json(),
            self.counter,
        )
        if self.character is not None:
            parts = (*parts, self.character)
        if self.photo is not None or self.picture is not None:
            parts = (*parts, LETTERING, self.picture)
        key = "|".join(map(str, parts))
        digest = hashlib.sha256(key.encode()).hexdigest()[:12]
        return f"scene_{self.index:02d}_{digest}.png"


def draw_still(job: StillJob) -> Image.Image:
    """The still for one scene: the user's photo or the provider's picture with the headline
    where it is calm (`pipeline.picture_still`), else procedural art."""
    if job.photo is not None or job.picture is not None:
        picture = open_picture(job.photo, job.picture, job.size)
        still, _layout = letter_picture(
            picture, job.text, job.style, index=job.index, seed=job.seed, captions=job.captions
        )
        if job.counter:
            draw_counter(still, job.index, job.total)
        return still
    layout = plan_scene(job.size, scene_move(job.index), job.captions)
    return draw_scene(
        *(job.index, job.total, job.prompt, job.text, job.style, job.size, job.seed),
        layout=layout,
        counter=job.counter,
    )


def _scene_text(job: StillJob) -> SceneText:
    return SceneText(
        *(job.index, job.total, job.prompt, job.text, job.style, job.size, job.seed),
        captions=job.captions,
        counter=job.counter,
    )


def draw_to(job: StillJob, path: Path) -> None:
    """Draw one still and save it (in a worker process); a still with the character carries
    its face similarity in the PNG (see `pipeline.faces.scene.still_meta`)."""
    if job.character is None:
        save_png_atomic(draw_still(job), path)
        return
    image, score = draw_scored(_scene_text(job), job.character)
    save_png_atomic(image, path, text=score_text(score))


def _picture(job: StillJob, generated: Path | None) -> tuple[Image.Image | None, tuple[Box, ...]]:
    """The first scene's picture without text, and its faces (None: procedural art)."""
    if job.photo is not None or generated is not None:
        picture = open_picture(job.photo, generated, job.size)
        return picture, picture_faces(picture)
    if job.character is None:
        return None, ()
    picture, _palette, layout = draw_character_picture(_scene_text(job), job.character)
    return picture, layout.faces


@dataclass(frozen=True, slots=True)
class ThumbnailJob:
    """One thumbnail: `pick`'s words and band over `scene`'s picture without its text
    (`generated`: the image provider's picture, which has none), at `size`."""

    title: str
    scene: StillJob
    size: tuple[int, int]
    pick: ThumbnailPick | None = None
    generated: Path | None = None


def _thumbnail_picture(job: ThumbnailJob) -> tuple[Image.Image | None, tuple[Box, ...]]:
    """The picture and its faces, in the thumbnail's pixels (faces move with the cover-fit)."""
    picture, faces = _picture(job.scene, job.generated)
    size = job.size
    if picture is None or picture.size == size:
        return picture, faces
    scale = max(size[0] / picture.width, size[1] / picture.height)
    dx, dy = (picture.width * scale - size[0]) / 2, (picture.height * scale - size[1]) / 2
    moved = tuple(
        Box(f.left * scale - dx, f.top * scale - dy, f.right * scale - dx, f.bottom * scale - dy)
        for f in faces
    )
    return picture, moved


def thumbnail_to(job: ThumbnailJob, out: Path) -> None:
    """Draw one thumbnail and save it (in a worker process)."""
    picture, faces = _thumbnail_picture(job)
    pick = job.pick
    words, band, art = (pick.words, pick.band, pick.art) if pick else (None, None, None)
    image = draw_thumbnail(
        job.title, job.scene.style, job.size, picture, faces, words=words, band=band, art=art
    )
    save_png_atomic(image, out)
