"""What one scene's still is drawn from, and the drawing the visuals stage runs in worker
processes (`pipeline.process_pool`).

Kept apart from `pipeline.stages.visuals` so a worker imports only the drawing (numpy, Pillow, the
art and faces modules: 0.26 s and 44 MB), not the stage's database and provider modules
(0.95 s and 90 MB, measured in a fresh interpreter).
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from pipeline.art.photos import fit_photo
from pipeline.art.procedural import draw_scene
from pipeline.art.save import save_png_atomic
from pipeline.art.thumbnail import draw_thumbnail
from pipeline.faces.scene import SceneCharacter, SceneText, draw_scored, score_text


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

    def file_name(self) -> str:
        """Content-addressed: a redo redraws only the scenes whose inputs changed."""
        parts = (self.prompt, self.text, self.style, self.size, self.seed, self.photo)
        key = "|".join(map(str, parts if self.character is None else (*parts, self.character)))
        digest = hashlib.sha256(key.encode()).hexdigest()[:12]
        return f"scene_{self.index:02d}_{digest}.png"


def draw_still(job: StillJob) -> Image.Image:
    """The still for one scene: the user's photo when given, else procedural art."""
    if job.photo is not None:
        return fit_photo(job.photo, job.size)
    return draw_scene(job.index, job.total, job.prompt, job.text, job.style, job.size, job.seed)


def draw_to(job: StillJob, path: Path) -> None:
    """Draw one still and save it (in a worker process); a still with the character carries
    its face similarity in the PNG (see `pipeline.faces.scene.still_meta`)."""
    if job.character is None:
        save_png_atomic(draw_still(job), path)
        return
    scene = SceneText(job.index, job.total, job.prompt, job.text, job.style, job.size, job.seed)
    image, score = draw_scored(scene, job.character)
    save_png_atomic(image, path, text=score_text(score))


def thumbnail_to(title: str, style: str, size: tuple[int, int], first: Path, out: Path) -> None:
    """Draw the thumbnail over the first scene's still and save it (in a worker process)."""
    with Image.open(first) as background:
        save_png_atomic(draw_thumbnail(title, style, size, background), out)
