"""How a failed try of the publish job ends, for the row and for the person: waiting for
their confirmation, moved to the next quota window, held for a reconnect, failed with a
reason (only when nothing can have gone public), or tried again by the queue."""

from dataclasses import dataclass

import structlog

from core.enums import PublicationState
from core.errors import DomainError
from core.ports import PublicationNews
from db.base import utcnow
from db.models.publication import Publication
from db.models.social_account import SocialAccount
from publishers.errors import QuotaExhausted, ReconnectRequired, UserMustConfirm
from publishers.limits import MediaNotAccepted
from services.publication_ledger import DbLedger
from services.publication_news import tell
from services.publish_deps import JobTry, PublishDeps

log = structlog.get_logger(__name__)

# The commit call went out: only the platform can say whether the post exists.
MAY_BE_PUBLIC = (PublicationState.PUBLISH_ATTEMPTED, PublicationState.OUTCOME_UNKNOWN)
# Tries after which an unanswered reconciliation is handed to the person.
MAX_RECONCILE_TRIES = 20


@dataclass(frozen=True, slots=True)
class TryEnding:
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
