"""Character variations as a job: the request commits the character's job state and queues
`make_variations` (fal takes up to 180 s a picture, so no chat update waits for it); the job
makes the kinds asked for and returns the report its notifier sends.

Idempotent: one job ID per character and request (`variations:<id>:<attempt>`), so a double
press queues once; a re-run after a crash makes only the kinds not stored yet (each stored
picture was paid once, its usage row committed by the wallet), and a finished request's job
finds nothing to do.
"""

from collections.abc import Awaitable, Callable, Sequence

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from core.ports import JobQueue, StudioEvent, StudioJobState, StudioStep, StudioWork
from core.ports.notify import STUDIO_PENDING
from core.settings import ProvidersSettings
from db.models import Character, CharacterVariation, User, VariationKind
from db.queries import character_variations as variation_queries
from db.queries import characters, users
from pipeline.imagegen.paid_job import USAGE_PROVIDER as FAL_USAGE
from pipeline.imagegen.stage import fal_ready
from pipeline.wallet import Wallet, Wallets
from services.character_studio import get_character
from services.character_variations import (
    VariationRun,
    check_kinds,
    make_variations,
    variation_kinds,
)
from storage.disk import Storage
from storage.sync import pull_keys

log = structlog.get_logger(__name__)
MAKE_VARIATIONS = "make_variations"
Report = Callable[[StudioEvent], Awaitable[None]]


def variations_job_id(character_id: int, attempt: int) -> str:
    return f"variations:{character_id}:{attempt}"


async def request_variations(
    session: AsyncSession,
    providers: ProvidersSettings,
    user_id: int,
    character_id: int,
    *,
    kinds: Sequence[VariationKind],
    queue: JobQueue,
    wallet: Wallet | None = None,
) -> bool:
    """Queue the character's variations of `kinds`: the state is committed, then the job is
    enqueued. False when a request is already queued or running (its job is enqueued again
    under its own ID, a no-op unless a crash lost it between the commit and the enqueue).

    With fal, `wallet` is checked for one picture first, so a person over today's ceiling
    is refused at once rather than by the job.

    Raises NotFound for another user's character, VariationNotOffered (a NotFound) for a
    kind not on offer, DailySpendExceeded.
    """
    character = await get_character(session, user_id, character_id)
    check_kinds(providers, kinds)
    if wallet is not None and fal_ready(providers):
        await wallet.check(FAL_USAGE, providers.fal.price_per_image)
    queued = character.variations_state not in STUDIO_PENDING
    if queued:
        character.variations_state = StudioJobState.QUEUED
        character.variations_kinds = [str(kind) for kind in dict.fromkeys(kinds)]
        character.variations_error = None
        character.variations_attempt += 1
        await session.commit()
    job_id = variations_job_id(character.id, character.variations_attempt)
    await queue.enqueue(MAKE_VARIATIONS, character.id, job_id=job_id, owner=user_id)
    return queued


async def run_variations(
    session: AsyncSession,
    storage: Storage,
    providers: ProvidersSettings,
    wallets: Wallets,
    character_id: int,
    *,
    report: Report | None = None,
) -> StudioEvent | None:
    """The job's work: make the kinds asked for, paid through the owner's wallet, keep the
    outcome on the row, and return the report (None: nothing was asked, or it is done).
    `report` hears the progress as it goes: RUNNING events, pictures made of those asked."""
    character = await characters.get_character_for_job(session, character_id)
    if character is None or character.variations_state not in STUDIO_PENDING:
        return None
    user = await users.get_user(session, character.user_id)
    if user is None:
        return None
    character.variations_state = StudioJobState.RUNNING
    await session.commit()
    kinds = [VariationKind(kind) for kind in character.variations_kinds]
    job_id = variations_job_id(character.id, character.variations_attempt)
    name = character.name

    async def on_progress(step: StudioStep, done: int, total: int) -> None:
        if report is not None:
            await report(StudioEvent(
                user_id=user.id, work=StudioWork.VARIATIONS, entity_id=character_id,
                state=StudioJobState.RUNNING, key=step.value,
                params={"done": done, "total": total, "name": name}, job_id=job_id,
            ))  # fmt: skip

    try:
        run = await make_variations(
            session, storage, providers, user.id, character.id, kinds=kinds,
            wallet=wallets.of(user), on_progress=on_progress,
        )  # fmt: skip
    except DomainError as error:
        await session.rollback()
        run = VariationRun(error=error)
    return await _finish(session, character, run, providers)


async def fail_variations(
    session: AsyncSession, character_id: int, error: DomainError
) -> StudioEvent | None:
    """The job stopped on something unexpected after its last try: the row says failed (a
    new press queues again) and the report says nothing was lost."""
    character = await characters.get_character_for_job(session, character_id)
    if character is None or character.variations_state not in STUDIO_PENDING:
        return None
    return await _finish(session, character, VariationRun(error=error), None)


async def _finish(
    session: AsyncSession,
    character: Character,
    run: VariationRun,
    providers: ProvidersSettings | None,
) -> StudioEvent:
    error = run.error
    state = StudioJobState.READY if error is None else StudioJobState.FAILED
    character.variations_state = state
    character.variations_error = None if error is None else error.key
    await session.commit()
    log.info("variations.done", character_id=character.id, state=state.value,
             made=len(run.made), refused=len(run.refused))  # fmt: skip
    params: dict[str, object] = {
        "made": [variation.id for variation in run.made],
        "refused": [[str(kind), score] for kind, score in run.refused],
        "error_params": {} if error is None else dict(error.params),
        "transient": error is not None and error.transient,
    }
    if providers is not None:
        params |= {"fal": fal_ready(providers), "offered": list(variation_kinds(providers))}
    return StudioEvent(
        user_id=character.user_id,
        work=StudioWork.VARIATIONS,
        entity_id=character.id,
        state=state,
        key="" if error is None else error.key,
        params=params,
        job_id=variations_job_id(character.id, character.variations_attempt),
    )


async def variations_report(
    session: AsyncSession, storage: Storage, event: StudioEvent
) -> tuple[User, Character, list[CharacterVariation], Sequence[CharacterVariation]] | None:
    """What a report shows: its user, the character, the variations the job made (by the IDs
    in `event.params["made"]`, those still there; on S3 their files pulled to send) and all
    the character has now. None when the user or the character is gone."""
    user = await users.get_user(session, event.user_id)
    character = await characters.get_character(session, event.entity_id, event.user_id)
    if user is None or character is None:
        return None
    found = await variation_queries.list_variations(session, user.id, character.id)
    made_ids = set(event.params.get("made", ()))
    made = [v for v in found if v.id in made_ids]
    await pull_keys(storage, [v.path for v in made])
    return user, character, made, found
