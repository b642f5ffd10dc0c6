"""A Short's narration rewritten scene by scene: one text per scene, in order (the REST API's
per-scene edit; `services.review.edit_script` splits one whole text instead). The scenes keep
their pictures; the Short is voiced and rendered again as a new revision."""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import StageName
from core.errors import InvalidInput, NotFound
from core.ports import JobQueue
from core.settings import LimitsSettings
from db.models import Project
from db.queries import scripts
from pipeline.writers.narration import clean_script
from services.review import redo_from, redoable


class SceneTextsMismatch(InvalidInput):
    key = "error-scene-texts-count"
    template = "The Short has {scenes} scenes; send one text for each, not {given}."


async def edit_scenes(
    session: AsyncSession,
    user_id: int,
    project_id: int,
    texts: Sequence[str],
    *,
    limits: LimitsSettings,
    queue: JobQueue,
) -> Project:
    """Give each scene its new text and redo from voice. Refused (nothing changed) when the
    count differs from the scenes', a text is empty, or all of them are too long together."""
    cleaned = [clean_script(text) for text in texts]
    clean_script(" ".join(cleaned))  # the whole narration's limit
    project = await redoable(session, user_id, project_id, limits)
    script = await scripts.get_script(session, project_id, user_id)
    if script is None:
        raise NotFound(what="script")
    if len(cleaned) != len(script.scenes):
        raise SceneTextsMismatch(scenes=len(script.scenes), given=len(cleaned))
    script.scenes = [{**scene, "text": cleaned[i]} for i, scene in enumerate(script.scenes)]
    return await redo_from(session, project, StageName.VOICE, queue)
