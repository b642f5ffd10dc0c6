"""A voice from the draft samples as a job: the request commits a `voice_requests` row and
queues `create_voice` (the offline match is seconds of CPU; an ElevenLabs clone waits on an
upload), the job makes the voice (services.voice_studio.create_voice) and returns the report
its notifier sends.

Idempotent: one job ID per request (`voice:<id>`) and one pending request per user, so a
double send queues once; the request turns ready in the commit that stores the voice (and
moves the draft samples to it), so a re-run finds nothing to do and never uploads, nor pays
for, the samples twice.
"""

from collections.abc import Awaitable, Callable

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError, NotFound
from core.ports import JobQueue, StudioEvent, StudioJobState, StudioStep, StudioWork
from core.ports.notify import STUDIO_PENDING
from db.base import utcnow
from db.models import User, Voice, VoiceRequest
from db.queries import users, voice_requests, voices
from pipeline.voices.cloning import CLONE_COST_USD, CLONE_USAGE_PROVIDER
from pipeline.voices.cloud import VoiceCloud
from pipeline.voices.errors import ConsentRequired
from pipeline.voices.settings import check_name
from pipeline.wallet import Wallet, Wallets
from services import voice_studio
from services.plans import check_voice_slot
from storage.disk import Storage

log = structlog.get_logger(__name__)
CREATE_VOICE = "create_voice"
Report = Callable[[StudioEvent], Awaitable[None]]


def voice_job_id(request_id: int) -> str:
    return f"voice:{request_id}"


async def request_voice(
    session: AsyncSession,
    user_id: int,
    name: str,
    *,
    consent: bool,
    language: str,
    queue: JobQueue,
    cloud: VoiceCloud | None = None,
    wallet: Wallet | None = None,
) -> tuple[VoiceRequest, bool]:
    """Queue a voice from the draft samples: the request is committed, then its job queued.
    Returns the request and True, or the user's pending one and False (its job enqueued
    again under its own ID: a no-op unless a crash lost it between commit and enqueue).

    With `cloud` (a clone), `wallet` is checked first, so a person over today's ceiling is
    refused at once. Raises VoiceNameInvalid, ConsentRequired, PlanLimitReached,
    DailySpendExceeded.
    """
    name = check_name(name)
    if not consent:
        raise ConsentRequired
    pending = await voice_requests.get_pending(session, user_id)
    if pending is None:
        await check_voice_slot(session, user_id, now=utcnow())
        if cloud is not None and wallet is not None:
            await wallet.check(CLONE_USAGE_PROVIDER, CLONE_COST_USD)
        request = await voice_requests.add_request(session, user_id, name=name, language=language)
        await session.commit()
    else:
        request = pending
    await queue.enqueue(CREATE_VOICE, request.id, job_id=voice_job_id(request.id), owner=user_id)
    return request, pending is None


async def run_voice_request(
    session: AsyncSession,
    storage: Storage,
    cloud: VoiceCloud | None,
    wallets: Wallets,
    request_id: int,
    *,
    report: Report | None = None,
) -> StudioEvent | None:
    """The job's work: make the voice (consent was given with the request) and return the
    report; None when the request is gone or already done. `report` hears the steps as
    they go (RUNNING events)."""
    request = await voice_requests.get_for_job(session, request_id)
    if request is None or request.state not in STUDIO_PENDING:
        return None
    user = await users.get_user(session, request.user_id)
    if user is None:
        return None
    request.state = StudioJobState.RUNNING
    await session.commit()

    async def on_progress(step: StudioStep, done: int, total: int) -> None:
        if report is not None:
            params: dict[str, object] = {"done": done, "total": total, "name": request.name}
            await report(_event(request, StudioJobState.RUNNING, key=step.value, params=params))

    try:
        request.state = StudioJobState.READY  # committed with the voice, or rolled back
        voice = await voice_studio.create_voice(
            session, storage, user.id, request.name, consent=True,
            language=request.language, cloud=cloud, wallet=wallets.of(user),
            on_progress=on_progress,
        )  # fmt: skip
    except DomainError as error:
        await session.rollback()
        return await fail_voice_request(session, request_id, error)
    request.voice_id = voice.id
    await session.commit()
    log.info("voice.request_done", request_id=request_id, voice_id=voice.id)
    return _event(request, StudioJobState.READY, params={"voice_id": voice.id})


async def fail_voice_request(
    session: AsyncSession, request_id: int, error: DomainError
) -> StudioEvent | None:
    """The request failed (the draft samples stay for another try): the row says why."""
    request = await voice_requests.get_for_job(session, request_id)
    if request is None or request.state not in STUDIO_PENDING:
        return None
    request.state, request.error = StudioJobState.FAILED, error.key
    await session.commit()
    log.info("voice.request_failed", request_id=request_id, key=error.key)
    params = {"error_params": dict(error.params), "transient": error.transient}
    return _event(request, StudioJobState.FAILED, key=error.key, params=params)


def _event(
    request: VoiceRequest, state: StudioJobState, *, key: str = "", params: dict[str, object]
) -> StudioEvent:
    return StudioEvent(
        user_id=request.user_id, work=StudioWork.VOICE, entity_id=request.id, state=state,
        key=key, params=params, job_id=voice_job_id(request.id),
    )  # fmt: skip


async def voice_report(session: AsyncSession, event: StudioEvent) -> tuple[User, Voice | None]:
    """What a report shows: its user and, when it is ready, the voice made (None: it was
    deleted since, or the request failed). Raises NotFound when the user is gone."""
    user = await users.get_user(session, event.user_id)
    if user is None:
        raise NotFound(what="user")
    voice_id = event.params.get("voice_id")
    voice = None if voice_id is None else await voices.get_voice(session, voice_id, user.id)
    return user, voice
