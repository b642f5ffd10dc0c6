"""What a Short yields (`services.schemas.Deliverables`): its files, once rendered, and
the texts to paste with it, read from its artifacts and script."""

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import STAGE_ORDER, ArtifactKind, ProjectStatus, StageName
from db.models import Artifact, Script
from db.queries import artifacts, scripts
from services.owned import owned_project
from services.schemas import Deliverables
from storage.disk import Storage
from storage.sync import pull_keys

# The files a person is sent (on S3 read from the store into this process's folder).
DELIVERED = frozenset({ArtifactKind.VIDEO, ArtifactKind.CAPTIONS_SRT, ArtifactKind.THUMBNAIL})


async def get_deliverables(
    session: AsyncSession, storage: Storage, user_id: int, project_id: int
) -> Deliverables:
    """The files and texts of the user's project (files are None until rendered)."""
    project = await owned_project(session, user_id, project_id)
    items = await artifacts.list_artifacts(session, project_id, user_id)
    chosen = project.options.thumbnail
    wanted = [i.path for i in items if _delivered(i, chosen) or i.kind is ArtifactKind.THUMBNAIL]
    await pull_keys(storage, wanted)
    paths: dict[ArtifactKind, Path] = {}
    for item in items:
        path = storage.resolve(item.path)
        if _delivered(item, chosen) and path.is_file():
            paths[item.kind] = path
    thumbnails = thumbnail_files(storage, items)
    script = await scripts.get_script(session, project_id, user_id)
    return Deliverables(
        project_id=project.id,
        status=project.status,
        topic=project.topic,
        revision=project.revision,
        video=paths.get(ArtifactKind.VIDEO) if project.status is ProjectStatus.DONE else None,
        srt=paths.get(ArtifactKind.CAPTIONS_SRT),
        thumbnail=paths.get(ArtifactKind.THUMBNAIL, thumbnails[0] if thumbnails else None),
        script_text=_script_text(script),
        title=script.title if script else "",
        description=script.description if script else "",
        hashtags=tuple(script.hashtags) if script else (),
        scene_count=len(script.scenes) if script else 0,
        error_key=project.error_key,
        face_match=face_match(items),
        spend_limited=spend_limited_stages(items),
        thumbnails=thumbnails,
    )


def _delivered(item: Artifact, thumbnail: int) -> bool:
    """A file sent on approval: the picked thumbnail candidate, index 0 of the others."""
    wanted = thumbnail if item.kind is ArtifactKind.THUMBNAIL else 0
    return item.kind in DELIVERED and item.index == wanted


def thumbnail_files(storage: Storage, items: Sequence[Artifact]) -> tuple[Path, ...]:
    """The preview's thumbnail candidates on this machine, in order (pulled by the caller)."""
    kind = ArtifactKind.THUMBNAIL
    found = sorted((i.index, storage.resolve(i.path)) for i in items if i.kind is kind)
    return tuple(path for _index, path in found if path.is_file())


def face_match(items: Sequence[Artifact]) -> tuple[float, float] | None:
    """The lowest and highest face similarity of the scenes scored against the character."""
    scores = [
        float(value)
        for item in items
        if item.kind is ArtifactKind.SCENE_IMAGE
        and isinstance(value := (item.meta or {}).get("face_similarity"), int | float)
    ]
    return (min(scores), max(scores)) if scores else None


def spend_limited_stages(items: Sequence[Artifact]) -> tuple[str, ...]:
    """The stages ("script", "voice", "visuals") whose paid provider the daily spend
    ceiling stopped, so that an offline one made them (`spend_limited` in their meta)."""
    stages_of = {
        ArtifactKind.SCRIPT_JSON: StageName.SCRIPT,
        ArtifactKind.VOICE_WAV: StageName.VOICE,
        ArtifactKind.SCENE_IMAGE: StageName.VISUALS,
    }
    limited = {
        stages_of[item.kind]
        for item in items
        if item.kind in stages_of and (item.meta or {}).get("spend_limited")
    }
    return tuple(stage.value for stage in STAGE_ORDER if stage in limited)


def _script_text(script: Script | None) -> str:
    return "\n".join(str(scene["text"]) for scene in script.scenes) if script else ""
