"""One try of a publish job: check the account and the quota, take the lease, hand the
publisher its context, and tell the person how it ended.

What makes it exactly once lives in publishers.runner (the states) and the lease (one runner
at a time, fenced on every save); this module decides what each ending means for the row
and the person: rescheduled, held for a reconnect, waiting for their confirmation, failed
with a reason, or tried again by the queue.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

import aiohttp
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import AccountStatus, Platform, PublicationState
from core.errors import DomainError
from core.ports import Notifier, PublicationNews
from core.publisher_settings import PublishQuotaSettings
from db.base import utcnow
from db.models.publication import Publication
from db.models.social_account import SocialAccount
from db.queries import publications, social_accounts
from pipeline.lease import holder_is_gone
from publishers.base import Credentials, PublishContext, Publisher, Sleep
from publishers.errors import QuotaExhausted, ReconnectRequired, UserMustConfirm
from publishers.limits import MediaNotAccepted
from publishers.runner import run_publication
from services.publication_ledger import DbLedger
from services.publication_news import tell
from services.publish_media import MediaUrl, check_post, post_draft, video_file, video_key
from services.publish_quotas import earliest_slot, quota_rules, window_start
from storage.disk import Storage

log = structlog.get_logger(__name__)

# The commit call went out: only the platform can say whether the post exists.
MAY_BE_PUBLIC = (PublicationState.PUBLISH_ATTEMPTED, PublicationState.OUTCOME_UNKNOWN)
# Tries after which an unanswered reconciliation is handed to the person.
MAX_RECONCILE_TRIES = 20


@dataclass(frozen=True, slots=True)
class PublishDeps:
    sessionmaker: async_sessionmaker[AsyncSession]
    storage: Storage
    notifier: Notifier
    http: aiohttp.ClientSession
    publishers: Mapping[Platform, Publisher]
    credentials: Callable[[SocialAccount], Credentials]
    quotas: PublishQuotaSettings
    lease: timedelta
    media_url: MediaUrl | None = None
    sleep: Sleep | None = None


@dataclass(frozen=True, slots=True)
class JobTry:
    owner: str  # who holds leases in this process
    number: int = 1
    last: int = 1

    @property
    def is_last(self) -> bool:
        return self.number >= self.last


async def publish_once(deps: PublishDeps, publication_id: int, attempt: JobTry) -> None:
    """One try; re-raises what the queue should try again."""
    async with deps.sessionmaker() as session:
        prepared = await _prepare(deps, session, publication_id, attempt)
    if prepared is None:
        return
    publication, account, key = prepared
    ledger = DbLedger(deps.sessionmaker, publication, attempt.owner, deps.lease)
    publisher = deps.publishers[publication.platform]
    try:
        video = await video_file(deps.storage, key, deps.media_url)
        draft = post_draft(publication.choices)
        check_post(publisher, video, draft)
        ctx = PublishContext(
            deps.http, deps.credentials(account), video, draft, ledger,
            **({"sleep": deps.sleep} if deps.sleep else {}),
        )  # fmt: skip
        post = await run_publication(publisher, ctx)
    except Exception as error:
        if not await _Run(deps, publication, account, ledger).settle_failure(error, attempt):
            raise
        return
    finally:
        async with deps.sessionmaker() as session:
            await publications.release(session, publication.id, attempt.owner)
            await session.commit()
    await tell(deps, publication, account, PublicationNews.PUBLISHED, url=post.url or "")


async def _prepare(
    deps: PublishDeps, session: AsyncSession, publication_id: int, attempt: JobTry
) -> tuple[Publication, SocialAccount, str] | None:
    """The publication, its account and its video's key, with the lease taken; None when
    there is nothing to do now (final, held, moved to a later window, or someone else's)."""
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
    key = await video_key(session, publication.project_id)
    await session.commit()
    return publication, account, key


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


@dataclass(frozen=True, slots=True)
class _Run:
    deps: PublishDeps
    publication: Publication
    account: SocialAccount
    ledger: DbLedger

    async def tell(self, news: PublicationNews, key: str = "", **params: object) -> None:
        await tell(self.deps, self.publication, self.account, news, key, **params)

    async def settle_failure(self, error: Exception, attempt: JobTry) -> bool:
        """Record and report what `error` means; False: let the queue try again."""
        ledger = self.ledger
        log.info("publish.try_failed", publication_id=self.publication.id, error=repr(error))
        if isinstance(error, UserMustConfirm) or (
            ledger.state == PublicationState.OUTCOME_UNKNOWN
            and attempt.is_last
            and self.publication.tries >= MAX_RECONCILE_TRIES
        ):
            await ledger.write(error_key=UserMustConfirm.key)
            await self.tell(PublicationNews.CONFIRM)
            return True
        if isinstance(error, QuotaExhausted):
            await ledger.write(state=PublicationState.SCHEDULED, due_at=error.retry_at)
            await self.tell(PublicationNews.SCHEDULED, when=error.retry_at.isoformat())
            return True
        if isinstance(error, ReconnectRequired):
            if ledger.state in MAY_BE_PUBLIC:  # asked once the account is back, never resent
                await ledger.write(error_key=error.key)
            else:
                await ledger.write(
                    state=PublicationState.SCHEDULED, due_at=utcnow(), error_key=error.key
                )
            await self.tell(PublicationNews.RECONNECT)
            return True
        if isinstance(error, MediaNotAccepted) and ledger.state != PublicationState.FAILED:
            await ledger.save(PublicationState.FAILED, error_key=error.key)
        if ledger.state == PublicationState.FAILED:
            await self.failed(error)
            return True
        before_commit = ledger.state not in (
            PublicationState.PUBLISH_ATTEMPTED, PublicationState.OUTCOME_UNKNOWN
        )  # fmt: skip
        if attempt.is_last and before_commit:
            # Nothing can have gone public: failing is safe, and the person may try again.
            key = error.key if isinstance(error, DomainError) else "error-publish-unavailable"
            await ledger.save(PublicationState.FAILED, error_key=key)
            await self.failed(error)
            return True
        return False

    async def failed(self, error: Exception) -> None:
        params = dict(error.params) if isinstance(error, DomainError) else {}
        await self.ledger.write(error=str(error)[:2000])
        key = str(self.ledger.get("error_key") or getattr(error, "key", "error-internal"))
        await self.tell(PublicationNews.FAILED, key, **params)
