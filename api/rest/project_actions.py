"""What the bot offers under a preview, over HTTP: approve, redraw a scene, new text, another
voice, try a failed Short again. A redo is queued (202, poll the status URL); a project
still being made, or not finished yet, is a 409."""

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from api.deps import WebDeps
from api.rest.video import Web
from api.rest.video_models import Accepted, DbId, ProjectDetail, ProjectId
from api.rest.video_views import accepted, detail
from api.rest_deps import Caller, Rest, Session
from services import review
from services.project_view import project_view
from services.scene_edits import edit_scenes

router = APIRouter(prefix="/video/project/{project_id}", tags=["video"])


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SceneChoice(_Request):
    scene: int = Field(ge=0, le=1000, description="The scene's index (0 is the first).")


class WholeText(_Request):
    text: str = Field(description="The whole narration, split over the scenes.")


class SceneTexts(_Request):
    scenes: list[str] = Field(
        min_length=1, max_length=200, description="Text per scene, in order."
    )


# One or the other, as the schema says (each forbids the other's field).
NewText = WholeText | SceneTexts


class VoiceChange(_Request):
    voice_id: DbId | None = Field(description="One of your voices; null: the stock voice.")


async def _detail(session: Session, web: WebDeps, user_id: int, project_id: int) -> ProjectDetail:
    return detail(await project_view(session, user_id, project_id), web.links)


@router.post("/approve")
async def approve(
    project_id: ProjectId, caller: Caller, session: Session, rest: Rest, web: Web
) -> ProjectDetail:
    """Approve the finished Short (twice is harmless); 409 until it is done."""
    await review.approve_preview(session, rest.storage, caller.user_id, project_id)
    return await _detail(session, web, caller.user_id, project_id)


@router.post("/regenerate-scene", status_code=202)
async def regenerate_scene(
    project_id: ProjectId,
    body: SceneChoice,
    *,
    request: Request,
    response: Response,
    caller: Caller,
    session: Session,
    rest: Rest,
) -> Accepted:
    """Redraw one scene with a new seed and render again (the other stills are kept)."""
    project = await review.regenerate_scene(
        session, rest.storage, caller.user_id, project_id, body.scene,
        limits=rest.settings.limits, queue=rest.queue,
    )  # fmt: skip
    return accepted(request, response, project)


@router.post("/edit-text", status_code=202)
async def edit_text(
    project_id: ProjectId,
    body: NewText,
    *,
    request: Request,
    response: Response,
    caller: Caller,
    session: Session,
    rest: Rest,
) -> Accepted:
    """Narrate the Short with new text, then voice and render it again (pictures kept)."""
    limits, queue = rest.settings.limits, rest.queue
    if isinstance(body, SceneTexts):
        project = await edit_scenes(
            session, caller.user_id, project_id, body.scenes, limits=limits, queue=queue
        )
    else:
        project = await review.edit_script(
            session, rest.storage, caller.user_id, project_id, body.text,
            limits=limits, queue=queue,
        )  # fmt: skip
    return accepted(request, response, project)


@router.post("/change-voice", status_code=202)
async def change_voice(
    project_id: ProjectId,
    body: VoiceChange,
    *,
    request: Request,
    response: Response,
    caller: Caller,
    session: Session,
    rest: Rest,
) -> Accepted:
    """Speak the Short with another of your voices (null: the stock voice), then render again."""
    project = await review.change_voice(
        session, rest.storage, caller.user_id, project_id, body.voice_id,
        limits=rest.settings.limits, queue=rest.queue,
    )  # fmt: skip
    return accepted(request, response, project)


@router.post("/retry", status_code=202)
async def retry(
    project_id: ProjectId,
    *,
    request: Request,
    response: Response,
    caller: Caller,
    session: Session,
    rest: Rest,
) -> Accepted:
    """Make a failed Short again from where it stopped; 409 when it is done or still running."""
    project = await review.retry_project(
        session, rest.storage, caller.user_id, project_id,
        limits=rest.settings.limits, queue=rest.queue,
    )  # fmt: skip
    return accepted(request, response, project)
