"""Services around a preview: approve, regenerate a scene, change the voice, edit the text,
try a failed Short again. Every call is owner-checked: another user's ID is NotFound.

A redo bumps `project.revision` (a new job ID), resets the stages that depend on the change
and leaves the project queued; a retry of a failed Short does the same and resets nothing.
Each commits once, then enqueues `produce_short` (with `queue=None` the caller runs the job
itself, as the CLI does). A redo or a retry makes the project unfinished again, so it is
refused like a new Short when the user already has `limits.max_unfinished_projects` in the
making (`services.limits`).
"""

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ProjectStatus, StageName
from core.errors import DomainError, NotFound
from core.ports import JobQueue
from core.project_options import VoiceChoice
from core.settings import LimitsSettings
from db.base import utcnow
from db.models import Project
from db.queries import projects, scripts, stages
from pipeline.writers.narration import clean_script, split_scenes
from services import voice_studio
from services.deliverables import get_deliverables
from services.owned import owned_project
from services.plans import claim_shorts
from services.production import enqueue_short
from services.schemas import Deliverables
from storage.disk import Storage


class ProjectBusy(DomainError):
    key = "error-project-busy"
    template = "Project {project_id} is still being made; wait for the preview."


class PreviewNotReady(DomainError):
    key = "error-preview-not-ready"
    template = "Project {project_id} has no finished video yet."


class ShortAlreadyMade(DomainError):
    key = "error-short-already-made"
    template = "Project {project_id} is finished; there is nothing to try again."


async def queue_revision(
    session: AsyncSession, project: Project, queue: JobQueue | None
) -> Project:
    """A new revision (a new job ID), with all its attempts, queued and committed, then
    its job enqueued."""
    project.revision += 1
    project.attempts = 0
    projects.set_project_state(project, ProjectStatus.QUEUED, stage=None, progress=0.0)
    await session.commit()
    if queue is not None:
        await enqueue_short(queue, project.id, project.revision, project.user_id)
    return project


async def redo_from(
    session: AsyncSession, project: Project, stage: StageName, queue: JobQueue
) -> Project:
    await stages.reset_stages_from(session, project.id, stage)
    return await queue_revision(session, project, queue)


async def retry_project(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    project_id: int,
    *,
    limits: LimitsSettings,
    queue: JobQueue | None,
) -> Project:
    """Make a failed Short again from where it stopped: every finished step is kept."""
    del storage
    project = await owned_project(session, user_id, project_id)
    if project.status is ProjectStatus.DONE:
        raise ShortAlreadyMade(project_id=project_id)
    project = await redoable(session, user_id, project_id, limits)
    return await queue_revision(session, project, queue)


async def redoable(
    session: AsyncSession, user_id: int, project_id: int, limits: LimitsSettings
) -> Project:
    """The user's project, refused while a job is (about to be) working on it, or while
    the user may not queue one more."""
    project = await owned_project(session, user_id, project_id)
    if project.status not in (ProjectStatus.DONE, ProjectStatus.FAILED):
        raise ProjectBusy(project_id=project_id)
    # A failed Short gave its place in the month back: making it again takes one.
    again = 0 if project.status is ProjectStatus.DONE else 1
    await claim_shorts(session, user_id, again, limits=limits, now=utcnow())
    return project


async def approve_preview(
    session: AsyncSession, storage: Storage, user_id: int, project_id: int
) -> Deliverables:
    """Mark the preview approved and return the final files; approving twice is harmless."""
    project = await owned_project(session, user_id, project_id)
    if project.status is not ProjectStatus.DONE:
        raise PreviewNotReady(project_id=project_id)
    if not project.options.approved:
        project.options = project.options.model_copy(update={"approved": True})
        await session.commit()
    return await get_deliverables(session, storage, user_id, project_id)


def scene_seed(project_id: int, revision: int, scene: int) -> int:
    """A fresh, reproducible seed for a redrawn scene."""
    return (project_id * 7919 + revision * 104_729 + scene * 13) % (2**31 - 1)


async def regenerate_scene(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    project_id: int,
    scene: int,
    *,
    limits: LimitsSettings,
    queue: JobQueue,
) -> Project:
    """Give one scene a new seed and redo the stages from visuals (other stills are reused)."""
    del storage  # the visuals stage replaces and cleans the stills itself
    project = await redoable(session, user_id, project_id, limits)
    script = await scripts.get_script(session, project_id, user_id)
    if script is None or not 0 <= scene < len(script.scenes):
        raise NotFound(what="scene")
    seeds = dict(project.options.scene_seeds)
    seeds[str(scene)] = scene_seed(project.id, project.revision + 1, scene)
    project.options = project.options.model_copy(update={"scene_seeds": seeds})
    return await redo_from(session, project, StageName.VISUALS, queue)


async def change_voice(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    project_id: int,
    voice_id: int | None,
    *,
    limits: LimitsSettings,
    queue: JobQueue,
) -> Project:
    """Speak the Short with another of the user's voices (None: the stock voice); redo from
    voice. A chosen voice replaces the user's own voiceover, if the Short had one."""
    del storage
    project = await redoable(session, user_id, project_id, limits)
    voice = VoiceChoice()
    if voice_id:
        chosen = await voice_studio.get_voice(session, user_id, voice_id)
        voice = VoiceChoice.model_validate(voice_studio.voice_options(chosen, project.language))
    project.options = project.options.model_copy(update={"voice": voice, "voiceover": None})
    return await redo_from(session, project, StageName.VOICE, queue)


async def edit_script(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    project_id: int,
    text: str,
    *,
    limits: LimitsSettings,
    queue: JobQueue,
) -> Project:
    """Replace the narration with the user's text, split over the same scenes; redo from voice."""
    del storage
    cleaned = clean_script(text)
    project = await redoable(session, user_id, project_id, limits)
    script = await scripts.get_script(session, project_id, user_id)
    if script is None:
        raise NotFound(what="script")
    texts = split_scenes(cleaned, len(script.scenes))
    script.scenes = [{**scene, "text": texts[i]} for i, scene in enumerate(script.scenes)]
    return await redo_from(session, project, StageName.VOICE, queue)
