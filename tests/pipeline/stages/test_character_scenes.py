"""A Short with the user's character, offline: every scene shows the person cut out of the
character's photos, scored against them; the scores reach the artifacts and the preview."""

import shutil
from pathlib import Path

import numpy as np
import pytest
from infra.faces import grace_hopper
from PIL import Image, ImageOps
from sqlalchemy import select
from stage_support import queue_project

from core.enums import ArtifactKind, ProjectStatus
from core.settings import FacesSettings
from db.models import Artifact, Project
from db.queries import users
from pipeline.context import JobCtx
from pipeline.faces.identity import reference_from_photos, similarity
from pipeline.ffmpeg.motion import canvas_size
from pipeline.produce import produce_short
from services import character_studio
from services.deliverables import get_deliverables
from services.projects import ProjectRequest

pytestmark = [pytest.mark.render, pytest.mark.timeout(240)]


async def _character_short(ctx: JobCtx, folder: Path) -> tuple[int, int]:
    """A character with two photos (the second mirrored and cropped), then a Short with it."""
    first = Path(shutil.copy(grace_hopper(), folder / "me.jpg"))
    with Image.open(first) as photo:
        ImageOps.mirror(photo).crop((20, 0, 580, 560)).save(folder / "me_too.jpg")
    async with ctx["sessionmaker"]() as session:
        user = await users.get_or_create_local_user(session, "en")
        character = await character_studio.create_character(
            session,
            ctx["storage"],
            user.id,
            name="Grace",
            description="",
            photos=[first, folder / "me_too.jpg"],
            style="neon",
        )
        await session.commit()
        look = character_studio.character_options(character)
    request = ProjectRequest(
        topic="How compilers work",
        language="en",
        duration=14,
        style="neon",
        photos=tuple(ctx["storage"].resolve(p) for p in look["photos"]),
        character_id=character.id,
    )
    return user.id, await queue_project(ctx, request)


async def test_every_scene_shows_the_character_with_its_score(
    job_ctx: JobCtx, tmp_path: Path
) -> None:
    user_id, project_id = await _character_short(job_ctx, tmp_path)
    await produce_short(job_ctx, project_id)

    storage = job_ctx["storage"]
    async with job_ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        assert project.status is ProjectStatus.DONE
        items = (
            await session.scalars(select(Artifact).where(Artifact.project_id == project_id))
        ).all()
        result = await get_deliverables(session, storage, user_id, project_id)
    scenes = sorted(
        (item for item in items if item.kind is ArtifactKind.SCENE_IMAGE), key=lambda a: a.index
    )
    assert len(scenes) >= 2
    reference = reference_from_photos([grace_hopper()])
    scores = []
    for item in scenes:
        path = storage.resolve(item.path)
        with Image.open(path) as still:
            assert still.size == canvas_size(360, 640)  # the frame with room for motion
            assert np.asarray(still).std() > 20  # procedural art around the person
        score = item.meta["face_similarity"]
        assert item.meta["source"] == "procedural"
        assert score >= 0.95
        measured = similarity(reference, path)
        assert measured is not None
        assert measured >= 0.95  # the person is there, whichever photo the scene used
        scores.append(score)
    assert result.face_match == (min(scores), max(scores))
    inputs = storage.resolve(project.workdir) / "inputs" / "faces"
    assert len(list(inputs.glob("cutout_*.png"))) == 2  # one per photo, reused by the scenes
    assert len(list(inputs.glob("face_*.json"))) == 2


async def test_without_the_model_the_stage_says_to_install_it(
    job_ctx: JobCtx, tmp_path: Path
) -> None:
    job_ctx["settings"].providers.faces = FacesSettings(segmentation_model=tmp_path / "no.tflite")
    _, project_id = await _character_short(job_ctx, tmp_path)
    await produce_short(job_ctx, project_id)
    async with job_ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
    assert project is not None
    assert project.status is ProjectStatus.FAILED
    assert project.error_key == "error-segmentation-model-missing"


async def test_a_character_photo_without_a_face_is_shown_as_it_is(
    job_ctx: JobCtx, tmp_path: Path
) -> None:
    """A character made before photos were checked: its photo fills the frame, unscored."""
    photo = tmp_path / "nobody.png"
    Image.new("RGB", (720, 1280), (30, 140, 90)).save(photo)
    request = ProjectRequest(
        topic="Tea", language="en", duration=12, photos=(photo,), character_id=424242
    )
    project_id = await queue_project(job_ctx, request)
    await produce_short(job_ctx, project_id)
    async with job_ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
        items = (
            await session.scalars(select(Artifact).where(Artifact.project_id == project_id))
        ).all()
    assert project is not None
    assert project.status is ProjectStatus.DONE
    scenes = [item for item in items if item.kind is ArtifactKind.SCENE_IMAGE]
    assert scenes
    for item in scenes:
        assert "face_similarity" not in item.meta
        with Image.open(job_ctx["storage"].resolve(item.path)) as still:
            centre = still.convert("RGB").getpixel((still.width // 2, still.height // 2))
        assert centre == (30, 140, 90)
