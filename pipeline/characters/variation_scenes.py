"""Which look of the character each offline scene shows: the hook (first scene) a surprised
or thinking variation, the call to action (last scene) a pointing or thumbs-up one, and the
scenes between cycle the photos and the other variations."""

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Project
from db.queries import character_variations
from pipeline.characters.variation_kinds import CTA_KINDS, HOOK_KINDS, best_for
from pipeline.faces.scene import SceneCharacter
from storage.disk import Storage


async def project_variations(
    session: AsyncSession, storage: Storage, project: Project
) -> list[tuple[str, Path]]:
    """(kind, absolute path) of the variations of the project's character whose files are
    there; [] without a character (or when it was deleted)."""
    character_id = project.options.character_id
    if not character_id:
        return []
    found = await character_variations.list_variations(session, project.user_id, character_id)
    paths = [(str(v.kind), storage.resolve(v.path)) for v in found]
    return [(kind, path) for kind, path in paths if path.is_file()]


def cast_scenes(total: int, looks: Sequence[SceneCharacter]) -> list[SceneCharacter]:
    """A look per scene; without variations (no `role`) the photos simply cycle."""
    if not looks:
        return []
    by_role = {look.role: look for look in looks if look.role}
    hook = best_for(HOOK_KINDS, list(by_role))
    cta = best_for(CTA_KINDS, [role for role in by_role if role != hook])
    special = {hook, cta} if total > 1 else {hook}
    rest = [look for look in looks if look.role not in special] or list(looks)
    cast = [rest[i % len(rest)] for i in range(total)]
    if hook is not None and total:
        cast[0] = by_role[hook]
    if cta is not None and total > 1:
        cast[-1] = by_role[cta]
    return cast
