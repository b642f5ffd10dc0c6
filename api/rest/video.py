"""/api/video: make a Short, list the caller's projects, read one and poll its status."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from api.deps import WebDeps, web_deps
from api.rest.video_models import (
    Accepted,
    CreateShort,
    ProjectDetail,
    ProjectId,
    ProjectPage,
    ProjectStatusBody,
)
from api.rest.video_views import accepted, detail, summary
from api.rest_deps import Caller, ReadSession, Rest, Session
from core.enums import ProjectOrigin
from services.owned import owned_project
from services.project_view import estimated_seconds, project_view, status_word
from services.schemas import ShortRequest
from services.shorts import shorts_slice, submit_short

router = APIRouter(prefix="/video", tags=["video"])
Web = Annotated[WebDeps, Depends(web_deps)]


@router.post("/create-short", status_code=202)
async def create_short(
    body: CreateShort,
    *,
    request: Request,
    response: Response,
    caller: Caller,
    session: Session,
    rest: Rest,
) -> Accepted:
    """Queue a new Short; poll `status_url` until it is done. Counts against the month's
    Shorts: refused (403) at the plan's quota, with nothing created."""
    short = ShortRequest(
        topic=body.topic,
        language=body.language or caller.language,
        duration=body.duration,
        style=body.style,
        tone=body.tone,
        voice_id=body.voice_id,
        character_id=body.character_id,
        captions=await body.captions(session, caller.user_id),
        scene_counter=body.scene_counter,
    )
    project = await submit_short(
        session,
        rest.storage,
        caller.user_id,
        short,
        limits=rest.settings.limits,
        queue=rest.queue,
        origin=ProjectOrigin.API,
    )
    return accepted(request, response, project)


class Paging(BaseModel):
    """A page's place; an unknown query parameter is refused (422), not ignored."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=100_000)


@router.get("/projects")
async def list_projects(
    caller: Caller, session: ReadSession, paging: Annotated[Paging, Query()]
) -> ProjectPage:
    """The caller's projects, newest first, `limit` at a time from `offset`."""
    limit, offset = paging.limit, paging.offset
    found, more = await shorts_slice(session, caller.user_id, offset=offset, limit=limit)
    return ProjectPage(
        items=[summary(project) for project in found],
        limit=limit,
        offset=offset,
        next_offset=offset + limit if more else None,
    )


@router.get("/project/{project_id}")
async def get_project(
    project_id: ProjectId, caller: Caller, session: Session, web: Web
) -> ProjectDetail:
    """The project: its options, script, scenes and files as signed URLs that expire."""
    return detail(await project_view(session, caller.user_id, project_id), web.links)


@router.get("/project/{project_id}/status", name="project_status")
async def project_status(
    project_id: ProjectId, caller: Caller, session: ReadSession, rest: Rest
) -> ProjectStatusBody:
    """Where the project is: status, stage, progress and the measured time it may still take."""
    project = await owned_project(session, caller.user_id, project_id)
    return ProjectStatusBody(
        project_id=project.id,
        status=status_word(project.status),
        stage=project.stage.value if project.stage else None,
        progress=project.progress,
        estimated_time=await estimated_seconds(session, project, rest.speeds),
        error_key=project.error_key,
    )
