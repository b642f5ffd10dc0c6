"""Services for a user's Shorts: submit one for production and list them page by page."""

from dataclasses import replace
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from core.captions import CaptionChoice, CaptionLook, CaptionPosition, CaptionSize
from core.enums import ProjectOrigin, ProjectStatus
from core.ports import JobQueue
from core.settings import LimitsSettings
from db.base import utcnow
from db.models import Project
from db.queries import projects
from pipeline.stages.voiceover_audio import discard_voiceover_uploads
from services import character_studio, voice_studio
from services.plans import claim_shorts
from services.production import enqueue_short
from services.projects import ProjectRequest, create_project
from services.schemas import ProjectOptions, ShortRequest
from storage.disk import Storage

PAGE_SIZE = 5
MAX_PAGE = 1000


async def submit_project(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    request: ProjectRequest,
    *,
    limits: LimitsSettings,
    queue: JobQueue,
) -> Project:
    """Create the project from the user's choices, commit it queued, then enqueue its job
    (before anyone talks to Telegram, so a failed message cannot leave it without one).

    Refused (ShortsQuotaReached, TooManyUnfinished, UserBlocked) before anything is stored.
    """
    plan = await claim_shorts(session, user_id, 1, limits=limits, now=utcnow())
    request = replace(request, watermark=plan.watermark)
    project = await create_project(session, storage, user_id, request)
    projects.set_project_state(project, ProjectStatus.QUEUED, stage=None, progress=0.0)
    await session.commit()
    await enqueue_short(queue, project.id, project.revision, project.user_id, weight=plan.priority)
    return project


async def submit_short(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    request: ShortRequest,
    *,
    limits: LimitsSettings,
    queue: JobQueue,
    origin: ProjectOrigin = ProjectOrigin.CHAT,
) -> Project:
    """A new Short from the person's choices: their voice and character (owner-checked:
    another user's is NotFound) become the project's voice options and photos, then it is
    submitted (`submit_project`). Their voiceover uploads not used go afterwards. `origin`
    is where its reports go (the chat, or the REST API's webhooks)."""
    voice = await voice_choice(session, user_id, request.voice_id, request.language)
    captions, counter = await remembered_captions(
        session, user_id, request.captions, request.scene_counter
    )
    photos, logo = await character_media(session, storage, user_id, request.character_id)
    resolved = ProjectRequest(
        topic=request.topic,
        language=request.language,
        duration=request.duration,
        style=request.style,
        tone=request.tone,
        voice=voice,
        photos=photos,
        logo=logo,
        character_id=request.character_id or None,
        voiceover=storage.resolve(request.voiceover) if request.voiceover else None,
        images=request.pictures,
        origin=origin,
        captions=captions,
        scene_counter=counter,
    )
    project = await submit_project(session, storage, user_id, resolved, limits=limits, queue=queue)
    discard_voiceover_uploads(storage, user_id)  # the project holds its own copy
    return project


async def last_options(session: AsyncSession, user_id: int) -> ProjectOptions:
    """The options of the person's last Short (the defaults for a first one): the caption
    settings and the scene counter a new Short starts from, in the bot and the API alike."""
    options = await projects.latest_options(session, user_id)
    return options if options is not None else ProjectOptions()


async def remembered_captions(
    session: AsyncSession, user_id: int, captions: CaptionChoice | None, counter: bool | None
) -> tuple[CaptionChoice, bool]:
    """The caption settings and scene counter a Short (or every Short of a batch) gets:
    those given, and the person's last Short's for those not (None)."""
    last = await last_options(session, user_id)
    return captions or last.captions, last.scene_counter if counter is None else counter


async def caption_choice(
    session: AsyncSession,
    user_id: int,
    *,
    look: CaptionLook | None = None,
    position: CaptionPosition | None = None,
    size: CaptionSize | None = None,
) -> CaptionChoice:
    """The person's last caption settings with the ones given now in place."""
    last = (await last_options(session, user_id)).captions
    return CaptionChoice(
        look=look or last.look, position=position or last.position, size=size or last.size
    )


async def voice_choice(
    session: AsyncSession, user_id: int, voice_id: int | None, language: str
) -> dict[str, object]:
    """The project's voice options: {} is the stock voice, fitted to the duration."""
    if not voice_id:
        return {}
    voice = await voice_studio.get_voice(session, user_id, voice_id)
    return voice_studio.voice_options(voice, language)


async def character_media(
    session: AsyncSession, storage: Storage, user_id: int, character_id: int | None
) -> tuple[tuple[Path, ...], Path | None]:
    """The character's photos (cycled over the scenes) and logo, as files to copy in."""
    if not character_id:
        return (), None
    character = await character_studio.get_character(session, user_id, character_id)
    look = character_studio.character_options(character)
    logo = storage.resolve(look["logo"]) if look["logo"] else None
    return tuple(storage.resolve(path) for path in look["photos"]), logo


async def list_shorts(
    session: AsyncSession, user_id: int, *, page: int, page_size: int = PAGE_SIZE
) -> tuple[list[Project], bool]:
    """One page of the user's projects, newest first, and whether another page follows."""
    page = max(0, min(page, MAX_PAGE))
    return await shorts_slice(session, user_id, offset=page * page_size, limit=page_size)


async def shorts_slice(
    session: AsyncSession, user_id: int, *, offset: int, limit: int
) -> tuple[list[Project], bool]:
    """`limit` of the user's projects from `offset`, newest first, and whether more follow."""
    found = await projects.list_projects(session, user_id, limit=limit + 1, offset=offset)
    return list(found[:limit]), len(found) > limit
