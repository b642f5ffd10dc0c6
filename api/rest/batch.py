"""/api/video/batch-create and the batch's status: many Shorts from one list of topics,
made in parallel, each on its own (one failing never stops the others)."""

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from api.rest.ids import PathId
from api.rest.video_models import CaptionFields, DbId
from api.rest_deps import Caller, Rest, Session
from core.batch_options import BatchOptions
from core.enums import BatchStatus
from services.batches import batch_items, batch_progress, listed_topics, start_batch
from services.project_view import StatusWord, status_word

router = APIRouter(prefix="/video", tags=["batch"])
BatchId = PathId


class BatchSettings(CaptionFields):
    """What every Short of the batch shares (the caption settings as in create-short)."""

    language: str | None = Field(default=None, description="ru or en; null: your language.")
    duration: int = Field(default=30, gt=0, description="Target length in seconds.")
    style: str = "vivid"
    tone: str = "friendly"
    voice_id: DbId | None = None
    character_id: DbId | None = None


class BatchCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The plan's batch size is the real limit (403 past it); this only bounds the body.
    topics: list[str] = Field(max_length=1000, description="One Short per topic.")
    settings: BatchSettings = Field(default_factory=BatchSettings)


class BatchAccepted(BaseModel):
    batch_job_id: int
    total: int
    status_url: str


class BatchItemBody(BaseModel):
    project_id: int
    index: int
    topic: str
    status: StatusWord
    error_key: str | None


class BatchStatusBody(BaseModel):
    batch_job_id: int
    status: BatchStatus
    total: int
    done: int
    failed: int
    # Seconds left at the pace of this batch's finished Shorts; null before one finished.
    estimated_time: float | None
    items: list[BatchItemBody]


@router.post("/batch-create", status_code=202)
async def create_batch(
    body: BatchCreate,
    *,
    request: Request,
    response: Response,
    caller: Caller,
    session: Session,
    rest: Rest,
) -> BatchAccepted:
    """Queue one Short per topic. Refused as a whole, with nothing created, when the plan
    has no batches (403), the list is over its size (403), the month has not enough Shorts
    left (403) or one topic is not valid (422)."""
    given = body.settings
    options = BatchOptions(
        language=given.language or caller.language,
        duration=given.duration,
        style=given.style,
        tone=given.tone,
        voice_id=given.voice_id,
        character_id=given.character_id,
        captions=await given.captions(session, caller.user_id),
        scene_counter=given.scene_counter,
    )
    batch = await start_batch(
        session, rest.storage, caller.user_id, listed_topics(body.topics, options), options,
        limits=rest.settings.limits, queue=rest.queue, now=rest.clock(),
    )  # fmt: skip
    url = str(request.url_for("batch_status", job_id=batch.id))
    response.headers["Location"] = url
    return BatchAccepted(batch_job_id=batch.id, total=batch.total, status_url=url)


@router.get("/batch/{job_id}/status", name="batch_status")
async def batch_status(
    job_id: BatchId, caller: Caller, session: Session, rest: Rest
) -> BatchStatusBody:
    """How far the batch is: counts, the time it may still take, and each Short's status."""
    items = await batch_items(session, caller.user_id, job_id)
    progress = await batch_progress(session, job_id, now=rest.clock())
    return BatchStatusBody(
        batch_job_id=job_id,
        status=progress.batch.status,
        total=progress.counts.total,
        done=progress.counts.done,
        failed=progress.counts.failed,
        estimated_time=None if progress.eta_s is None else round(progress.eta_s, 1),
        items=[
            BatchItemBody(
                project_id=item.project_id,
                index=item.index,
                topic=item.topic,
                status=status_word(item.status),
                error_key=item.error_key,
            )
            for item in items
        ],
    )
