"""A Short whose character has variations: offline scenes cut the person out of them too
(the hook gets a hook pose, the call to action a CTA one), and with fal the variation
pictures join the reference photos."""

import shutil
from pathlib import Path

import pytest
from infra.faces import grace_hopper
from sqlalchemy import select
from stage_support import queue_project

from core.enums import ArtifactKind, ProjectStatus
from db.models import Artifact, Project, VariationKind
from db.queries import users
from pipeline.characters.variation_scenes import cast_scenes
from pipeline.context import JobCtx
from pipeline.faces.identity import FaceReference
from pipeline.faces.scene import SceneCharacter
from pipeline.faces.stage import character_scenes
from pipeline.imagegen.stage import character_look
from pipeline.produce import produce_short
from services import character_studio, character_variations
from services.projects import ProjectRequest

pytestmark = [pytest.mark.render, pytest.mark.timeout(240)]
K = VariationKind


def _look(role: str) -> SceneCharacter:
    reference = FaceReference((1.0,), 1)
    cutout = Path(f"{role or 'photo'}.png")
    return SceneCharacter(cutout, (0, 0, 1, 1), False, reference, 0.9, role)


def test_the_hook_and_the_call_to_action_get_their_poses() -> None:
    photo, smiling = _look(""), _look(K.SMILING)
    surprised, pointing = _look(K.SURPRISED), _look(K.POINTING)
    cast = cast_scenes(5, [photo, smiling, surprised, pointing])
    assert [c.role for c in cast] == [K.SURPRISED, K.SMILING, "", K.SMILING, K.POINTING]
    assert cast_scenes(3, [photo]) == [photo] * 3  # no variations: the photos cycle
    assert [c.role for c in cast_scenes(2, [photo, smiling])] == ["", K.SMILING]
    assert [c.role for c in cast_scenes(1, [photo, surprised])] == [K.SURPRISED]
    assert cast_scenes(4, []) == []


async def _grace_with_variations(ctx: JobCtx, folder: Path) -> tuple[int, int, int]:
    """Grace with a close-up and a mirrored pose, then a Short with her: (user, character,
    project) IDs."""
    photo = Path(shutil.copy(grace_hopper(), folder / "me.jpg"))
    storage, providers = ctx["storage"], ctx["settings"].providers
    async with ctx["sessionmaker"]() as session:
        user = await users.get_or_create_local_user(session, "en")
        character = await character_studio.create_character(
            session, storage, user.id, name="Grace", description="", photos=[photo], style="neon"
        )
        run = await character_variations.make_variations(
            session, storage, providers, user.id, character.id, kinds=[K.CLOSE_UP, K.MIRRORED]
        )
        assert len(run.made) == 2
        await session.commit()
        look = character_studio.character_options(character)
    request = ProjectRequest(
        topic="How compilers work",
        language="en",
        duration=14,
        style="neon",
        photos=tuple(storage.resolve(p) for p in look["photos"]),
        character_id=character.id,
    )
    return user.id, character.id, await queue_project(ctx, request)


async def test_offline_scenes_cut_the_person_out_of_the_variations(
    job_ctx: JobCtx, tmp_path: Path
) -> None:
    user_id, character_id, project_id = await _grace_with_variations(job_ctx, tmp_path)
    storage = job_ctx["storage"]
    async with job_ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        variations = await character_variations.list_variations(session, user_id, character_id)
    photos = [storage.resolve(p) for p in project.options.photos]
    pairs = [(str(v.kind), storage.resolve(v.path)) for v in variations]
    looks = await character_scenes(job_ctx, project, photos, pairs)
    assert [look.role for look in looks] == ["", K.CLOSE_UP, K.MIRRORED]

    await produce_short(job_ctx, project_id)

    async with job_ctx["sessionmaker"]() as session:
        done = await session.get(Project, project_id)
        scenes = (
            await session.scalars(
                select(Artifact).where(
                    Artifact.project_id == project_id, Artifact.kind == ArtifactKind.SCENE_IMAGE
                )
            )
        ).all()
    assert done is not None
    assert done.status is ProjectStatus.DONE
    assert len(scenes) >= 2
    scenes = sorted(scenes, key=lambda scene: scene.index)
    scores = [scene.meta["face_similarity"] for scene in scenes]
    assert None not in scores  # the person is in every scene
    assert min(scores[0], scores[-1]) >= 0.9  # the hook and the CTA show the variations
    cutouts = storage.resolve(variations[0].path).parent / "faces"
    assert len(list(cutouts.glob("cutout_*.png"))) == 2  # one per variation


async def test_with_fal_the_variations_join_the_references(
    job_ctx: JobCtx, tmp_path: Path
) -> None:
    user_id, character_id, project_id = await _grace_with_variations(job_ctx, tmp_path)
    async with job_ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        look = await character_look(session, job_ctx, project)
        variations = await character_variations.list_variations(session, user_id, character_id)
    storage = job_ctx["storage"]
    expected = [storage.resolve(p) for p in project.options.photos]
    expected += [storage.resolve(v.path) for v in variations]
    assert list(look.references) == expected
