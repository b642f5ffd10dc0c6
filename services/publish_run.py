"""One try of a publish job: check the account and the quota, take the lease, hand the
publisher its context, and tell the person how it ended.

What makes it exactly once lives in publishers.runner (the states) and the lease (one runner
at a time, fenced on every save); this module decides what each ending means for the row
and the person: rescheduled, held for a reconnect, waiting for their confirmation, failed
with a reason, or tried again by the queue.
"""

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import AccountStatus, PublicationState
from core.ports import PublicationNews
from db.base import utcnow
from db.models.publication import Publication
from db.models.social_account import SocialAccount
from db.queries import publications, social_accounts
from pipeline.lease import holder_is_gone
from publishers.base import PublishContext
from publishers.errors import ReconnectRequired
from publishers.runner import run_publication
from services.publication_ledger import DbLedger
from services.publication_news import tell
from services.publish_deps import JobTry, PublishDeps
from services.publish_endings import MAY_BE_PUBLIC, TryEnding
from services.publish_media import (
    check_post,
    post_draft,
    thumbnail_file,
    thumbnail_key,
    video_file,
    video_key,
)
from services.publish_quotas import earliest_slot, quota_rules, window_start

log = structlog.get_logger(__name__)


async def publish_once(deps: PublishDeps, publication_id: int, attempt: JobTry) -> None:
    """One try; re-raises what the queue should try again."""
    async with deps.sessionmaker() as session:
        prepared = await _prepare(deps, session, publication_id, attempt)
    if prepared is None:
        return
    publication, account, (key, thumbnail) = prepared
    ledger = DbLedger(
        deps.sessionmaker, publication, attempt.owner, deps.lease, cadence=deps.cadence
    )
    publisher = deps.publishers[publication.platform]
    try:
        video = await video_file(deps.storage, key, deps.media_url)
        draft = post_draft(publication.choices)
        check_post(publisher, video, draft)
        ctx = PublishContext(
            deps.http, deps.credentials(account), video, draft, ledger,
            thumbnail=await thumbnail_file(deps.storage, thumbnail),
            **({"sleep": deps.sleep} if deps.sleep else {}),
        )  # fmt: skip
        post = await run_publication(publisher, ctx)
    except Exception as error:
        if not await TryEnding(deps, publication, account, ledger).settle_failure(error, attempt):
            raise
        return
    finally:
        async with deps.sessionmaker() as session:
            await publications.release(session, publication.id, attempt.owner)
            await session.commit()
    await tell(deps, publication, account, PublicationNews.PUBLISHED, url=post.url or "")


async def _prepare(
    deps: PublishDeps, session: AsyncSession, publication_id: int, attempt: JobTry
) -> tuple[Publication, SocialAccount, tuple[str, str | None]] | None:
    """The publication, its account and its video's and thumbnail's keys, with the lease
    taken; None when there is nothing to do now (final, held, moved to a later window, or
    someone else's)."""
    publication = await publications.get_publication(session, publication_id)
    if publication is None or publication.state not in publications.RUNNABLE:
        return None
    account = await session.get(SocialAccount, publication.account_id)
    if account is None or account.status != AccountStatus.ACTIVE:
        await _hold(session, publication)
        return None
    first_start = publication.started_at is None
    if first_start:
        # Counted and started under the account's row lock until the start is committed:
        # two publications of the account starting at once never both take the last room.
        await social_accounts.hold_for_start(session, account.id)
        if await _wait_for_quota(deps, session, account, publication):
            return None
    now = utcnow()
    gone = publication.lease_owner if holder_is_gone(publication.lease_owner) else None
    if not await publications.claim(
        session, publication.id, attempt.owner, now=now, until=now + deps.lease, gone_owner=gone
    ):
        await session.rollback()
        return None
    if first_start:
        publication.started_at = now
    keys = (
        await video_key(session, publication.project_id),
        await thumbnail_key(session, publication.project_id),
    )
    await session.commit()
    return publication, account, keys


async def _wait_for_quota(
    deps: PublishDeps, session: AsyncSession, account: SocialAccount, publication: Publication
) -> bool:
    """Schedule the publication for its quota's next window and tell the person when the
    account's starts leave no room; True if so."""
    now = utcnow()
    rules = quota_rules(publication.platform, deps.quotas)
    since = min((window_start(rule, now) for rule in rules), default=now)
    starts = await publications.started_since(session, account.id, since, exclude=publication.id)
    slot = earliest_slot(rules, starts, now)
    if slot is None:
        return False
    publication.state, publication.due_at = PublicationState.SCHEDULED, slot
    await session.commit()
    await tell(deps, publication, account, PublicationNews.SCHEDULED, when=slot.isoformat())
    return True


async def _hold(session: AsyncSession, publication: Publication) -> None:
    """The account cannot publish (reconnect needed, disconnected): the publication waits as
    scheduled, or in its state when the platform may have the post (only asking it may
    move it on); the scheduler queues it again once the account is active."""
    if publication.state not in MAY_BE_PUBLIC:
        publication.state = PublicationState.SCHEDULED
        publication.due_at = publication.due_at or utcnow()
    publication.error_key = ReconnectRequired.key
    await session.commit()
