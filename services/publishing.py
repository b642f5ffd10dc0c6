"""The publishing use cases: publish a Short to accounts now or at a time, cancel, retry,
repost, confirm what a platform cannot tell us. Each validates, commits once, then queues.

A Short goes to an account once: `(project, account, repost)` is unique, and asking again
while a publication is live (scheduled, running, published or unknown) changes nothing. A
deliberate repost is its own call.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform, ProjectOrigin, ProjectStatus, PublicationState
from core.errors import InvalidInput, NotFound
from core.ports import JobQueue
from core.post_options import PostChoices
from db.base import utcnow
from db.models.publication import Publication
from db.queries import publications
from services.metrics_cadence import metrics_start
from services.owned import owned_project
from services.plans import check_platform, plan_of

PUBLISH_POST = "publish_post"
# A time this close to now is "now"; further in the past is a mistake the person hears about.
PAST_GRACE = timedelta(minutes=2)
# YouTube publishes at `publishAt` itself: upload this long ahead at the latest.
PLATFORM_SCHEDULES = frozenset({Platform.YOUTUBE})


def publish_job_id(publication: Publication) -> str:
    # One job at a time per publication; the job keeps no result (jobs.registry), so the ID
    # is free again as soon as a run ends.
    return f"publish:{publication.id}"


async def enqueue_publication(queue: JobQueue, publication: Publication) -> bool:
    return await queue.enqueue(
        PUBLISH_POST, publication.id, job_id=publish_job_id(publication),
        owner=publication.user_id,
    )  # fmt: skip


async def publish_short(
    session: AsyncSession,
    user_id: int,
    project_id: int,
    choices: Mapping[int, PostChoices],
    *,
    when: datetime | None,
    queue: JobQueue,
    origin: ProjectOrigin = ProjectOrigin.CHAT,
) -> Sequence[Publication]:
    """Publish the user's finished Short to the accounts `choices` names (account ID ->
    what the post says there), now or at `when` (aware). Returns the new publications;
    accounts that already have a live publication of this Short are left as they are.
    Refused as a whole (PlatformNotInPlan) when the plan does not publish to one of them."""
    project = await owned_project(session, user_id, project_id)
    if project.status is not ProjectStatus.DONE:
        raise InvalidInput(what="Short", reason="it is not finished yet")
    now = utcnow()
    if when is not None and when < now - PAST_GRACE:
        raise InvalidInput(what="time", reason="it is in the past")
    later = when is not None and when > now
    accounts = await publications.active_accounts(session, user_id, list(choices))
    if len(accounts) != len(set(choices)):
        raise NotFound(what="account")
    plan = await plan_of(session, user_id, now=now)
    for account in accounts:  # the plan's platforms (Free: Telegram and YouTube)
        check_platform(plan, account.platform)
    live = {p.account_id for p in await publications.live_for_accounts(
        session, project.id, [a.id for a in accounts]
    )}  # fmt: skip
    created = []
    for account in accounts:
        if account.id in live:
            continue
        chosen = choices[account.id]
        ahead = later and account.platform in PLATFORM_SCHEDULES
        if ahead:  # upload now as private; the platform makes it public at `when`
            chosen = chosen.model_copy(update={"publish_at": when, "privacy": "private"})
        publication = Publication(
            user_id=user_id, project_id=project.id, account_id=account.id,
            platform=account.platform, origin=origin, choices=chosen,
            repost=await publications.next_repost(session, project.id, account.id),
            state=PublicationState.SCHEDULED if later and not ahead else PublicationState.QUEUED,
            due_at=when if later and not ahead else None, ledger={},
        )  # fmt: skip
        session.add(publication)
        created.append(publication)
    await session.commit()
    for publication in created:
        if publication.state is PublicationState.QUEUED:
            await enqueue_publication(queue, publication)
    return created


async def _owned(session: AsyncSession, user_id: int, publication_id: int) -> Publication:
    publication = await publications.get_publication(session, publication_id, user_id)
    if publication is None:
        raise NotFound(what="publication")
    return publication


async def cancel_publication(session: AsyncSession, user_id: int, publication_id: int) -> None:
    """Cancel a publication that has not started; one that started cannot be called back."""
    publication = await _owned(session, user_id, publication_id)
    if publication.state not in (PublicationState.SCHEDULED, PublicationState.QUEUED) or (
        publication.started_at is not None
    ):
        raise InvalidInput(what="publication", reason="it has already started")
    publication.state = PublicationState.CANCELLED
    await session.commit()


async def retry_publication(
    session: AsyncSession, user_id: int, publication_id: int, *, queue: JobQueue
) -> Publication:
    """Try a failed publication again. Only FAILED qualifies: a failure is recorded only when
    nothing can have gone public, so a retry cannot duplicate a post."""
    publication = await _owned(session, user_id, publication_id)
    if publication.state is not PublicationState.FAILED:
        raise InvalidInput(what="publication", reason="only a failed one can be tried again")
    publication.state, publication.ledger = PublicationState.QUEUED, {}
    publication.error_key = publication.error = publication.started_at = None
    await session.commit()
    await enqueue_publication(queue, publication)
    return publication


async def confirm_publication(
    session: AsyncSession, user_id: int, publication_id: int, *, posted: bool, queue: JobQueue
) -> Publication:
    """The person's answer where the platform could not be asked: posted (it is marked
    published) or not (it is sent again, the one case where the person decides it)."""
    publication = await _owned(session, user_id, publication_id)
    if publication.state is not PublicationState.OUTCOME_UNKNOWN:
        raise InvalidInput(what="publication", reason="it is not waiting for an answer")
    publication.error_key = None
    if posted:
        publication.state, publication.published_at = PublicationState.PUBLISHED, utcnow()
        publication.metrics_state, publication.metrics_due_at = metrics_start(
            publication.platform, publication.post_id, publication.published_at
        )
        await session.commit()
        return publication
    publication.state = PublicationState.PROCESSING
    publication.ledger = {k: v for k, v in (publication.ledger or {}).items() if k != "post_id"}
    await session.commit()
    await enqueue_publication(queue, publication)
    return publication


async def list_publications(
    session: AsyncSession, user_id: int, project_id: int
) -> Sequence[Publication]:
    await owned_project(session, user_id, project_id)
    return await publications.list_for_project(session, user_id, project_id)
