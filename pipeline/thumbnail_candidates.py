"""The visuals stage's thumbnails: the three candidates a preview offers (artifact indexes
0-2 of kind THUMBNAIL; `ProjectOptions.thumbnail` is the one the person picked)."""

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.enums import ArtifactKind
from db.models import Project
from pipeline.art.thumbnail_picks import ThumbnailPick, thumbnail_picks
from pipeline.process_pool import process_pool
from pipeline.stage_runner import ArtifactOut
from pipeline.stills import StillJob, ThumbnailJob, thumbnail_to
from storage.disk import Storage

THUMBNAIL_FILES = ("thumbnail.png", "thumbnail_1.png", "thumbnail_2.png")


@dataclass(frozen=True, slots=True)
class ThumbnailPictures:
    """What the candidates are drawn over: each scene's job, its still's artifact, and the
    pictures an image provider made, by scene (as it made them: without the headline its
    still carries)."""

    jobs: Sequence[StillJob]
    stills: Sequence[ArtifactOut]
    generated: Mapping[int, Path]

    def best_face(self) -> int | None:
        """The scene whose still matched the character's face best (None: no scores)."""
        scores = {
            still.index: float(score)
            for still in self.stills
            if isinstance(score := still.meta.get("face_similarity"), int | float)
        }
        return max(scores, key=scores.__getitem__) if scores else None


async def draw_thumbnails(
    storage: Storage,
    project: Project,
    title: str,
    pictures: ThumbnailPictures,
    size: tuple[int, int],
) -> list[ArtifactOut]:
    """Draw this round's three candidates in the worker pool (`thumbnail_picks`)."""
    folder = storage.resolve(project.workdir)
    picks = thumbnail_picks(
        title,
        len(pictures.jobs),
        best_face=pictures.best_face(),
        round_=project.options.thumbnail_round,
    )
    paths = [folder / name for name in THUMBNAIL_FILES]

    async def draw(pick: ThumbnailPick, path: Path) -> None:
        own = pictures.generated.get(pick.scene)
        job = ThumbnailJob(title, pictures.jobs[pick.scene], size, pick, own)
        await process_pool().run(thumbnail_to, job, path)

    await asyncio.gather(*(draw(pick, path) for pick, path in zip(picks, paths, strict=True)))
    return [
        ArtifactOut(ArtifactKind.THUMBNAIL, storage.describe(path), index=i)
        for i, path in enumerate(paths)
    ]
