"""The preview's thumbnails: pick one of the three candidates, or ask for three new ones.

The pick is kept in `ProjectOptions.thumbnail` (the candidate's artifact index), so it is
the file approval delivers; new candidates are a new round (`thumbnail_round`, their seed)
drawn by the visuals stage alone: the stills are content-addressed and reused, and the
video, which shows no thumbnail, is kept.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import UNFINISHED_STATUSES, ProjectStatus, StageName
from core.errors import NotFound
from core.ports import JobQueue
from core.settings import LimitsSettings
from db.models import Project
from db.queries import stages
from pipeline.art.thumbnail_picks import CANDIDATES
from services.deliverables import get_deliverables
from services.owned import owned_project
from services.review import PreviewNotReady, ProjectBusy, queue_revision, redoable
from services.schemas import Deliverables
from storage.disk import Storage


async def choose_thumbnail(
    session: AsyncSession, storage: Storage, user_id: int, project_id: int, candidate: int
) -> Deliverables:
    """Make candidate `candidate` (0-2) the Short's thumbnail; NotFound for another one."""
    project = await owned_project(session, user_id, project_id)
    result = await get_deliverables(session, storage, user_id, project_id)
    if result.video is None:
        raise PreviewNotReady(project_id=project_id)
    if not 0 <= candidate < min(CANDIDATES, len(result.thumbnails)):
        raise NotFound(what="thumbnail")
    if project.options.thumbnail != candidate:
        project.options = project.options.model_copy(update={"thumbnail": candidate})
        await session.commit()
    return result.model_copy(update={"thumbnail": result.thumbnails[candidate]})


async def regenerate_thumbnails(
    session: AsyncSession,
    user_id: int,
    project_id: int,
    *,
    limits: LimitsSettings,
    queue: JobQueue,
) -> Project:
    """Three new candidates (the next round's seed), the first picked until another is;
    a second press while they are drawn is ProjectBusy."""
    status = (await owned_project(session, user_id, project_id)).status
    if status in UNFINISHED_STATUSES:
        raise ProjectBusy(project_id=project_id)
    if status is not ProjectStatus.DONE:
        raise PreviewNotReady(project_id=project_id)
    project = await redoable(session, user_id, project_id, limits)
    options = project.options
    update = {"thumbnail_round": options.thumbnail_round + 1, "thumbnail": 0}
    project.options = options.model_copy(update=update)
    await stages.reset_stage(session, project.id, StageName.VISUALS)
    return await queue_revision(session, project, queue)
