"""One try at a publication, whatever its state: the exactly-once rules in one place.

The job (services.publishing) calls `run_publication` once per try with the database ledger;
the fault tests call it with an in-memory one. Before PUBLISH_ATTEMPTED every failure is safe
to try again (the ledger resumes the upload); after it, only a definite rejection is an
answer. Anything else (a timeout, a dropped connection, a 5xx) makes the state
OUTCOME_UNKNOWN, and from there only `reconcile` moves it.
"""

from dataclasses import replace

import structlog

from core.enums import PublicationState
from core.errors import DomainError
from core.provider_errors import ProviderAuthExpired, ProviderRateLimited, ProviderRejected
from publishers.base import Ledger, LedgerValue, PostRef, PublishContext, Publisher
from publishers.errors import OutcomeStillUnknown, PostRefused
from publishers.limits import MediaNotAccepted

log = structlog.get_logger(__name__)

# Keys the runner itself keeps in the ledger.
POST_ID = "post_id"
POST_URL = "post_url"
ERROR_KEY = "error_key"
# Set when the publisher moved on from PUBLISH_ATTEMPTED: the commit call was answered.
COMMITTED = "committed"


class _CommitWatch:
    """The publisher's view of the ledger: a save that leaves PUBLISH_ATTEMPTED for a state
    of the publisher's (polling what the platform does with the post) also records that the
    commit call was answered, in the same save."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger

    @property
    def state(self) -> PublicationState:
        return self._ledger.state

    def get(self, key: str) -> LedgerValue:
        return self._ledger.get(key)

    async def save(self, state: PublicationState | None = None, **values: LedgerValue) -> None:
        leaving = state is not None and state != PublicationState.PUBLISH_ATTEMPTED
        if leaving and self._ledger.state == PublicationState.PUBLISH_ATTEMPTED:
            values = {**values, COMMITTED: 1}
        await self._ledger.save(state, **values)


async def run_publication(publisher: Publisher, ctx: PublishContext) -> PostRef:
    """Publish (or reconcile, then publish if the platform certainly has no post). Saves
    PUBLISHED with the post, FAILED on a definite no, OUTCOME_UNKNOWN on an ambiguous commit;
    re-raises every failure so the job can retry, fail or report it."""
    ledger = ctx.ledger
    if ledger.state == PublicationState.PUBLISHED:
        return PostRef(str(ledger.get(POST_ID)), _str_or_none(ledger.get(POST_URL)))
    if ledger.state == PublicationState.PUBLISH_ATTEMPTED:
        # The last try died during the commit call (a killed worker): nobody saw its answer.
        await ledger.save(PublicationState.OUTCOME_UNKNOWN)
    if ledger.state == PublicationState.OUTCOME_UNKNOWN:
        found = await publisher.reconcile(ctx)
        if found is not None:
            return await _published(ctx, found, reconciled=True)
        log.info("publish.reconciled_absent", platform=publisher.platform)
        # Certainly not public: what the adapter saved lets it resume without a new upload.
        await ledger.save(PublicationState.PROCESSING, **{COMMITTED: None})
    try:
        post = await publisher.publish(replace(ctx, ledger=_CommitWatch(ledger)))
    except Exception as error:
        await _after_failure(publisher, ctx, error)
        raise
    return await _published(ctx, post, reconciled=False)


async def _published(ctx: PublishContext, post: PostRef, *, reconciled: bool) -> PostRef:
    await ctx.ledger.save(
        PublicationState.PUBLISHED, post_id=post.post_id, post_url=post.url, error_key=None
    )
    log.info("publish.published", post_id=post.post_id, reconciled=reconciled)
    return post


async def _after_failure(publisher: Publisher, ctx: PublishContext, error: Exception) -> None:
    attempted = ctx.ledger.state == PublicationState.PUBLISH_ATTEMPTED
    committed = bool(ctx.ledger.get(COMMITTED))
    if committed and not isinstance(error, PostRefused):
        # The platform has the post: whatever failed since (a status poll, a refresh), only
        # the platform can say what became of it.
        log.warning("publish.outcome_unknown", platform=publisher.platform, error=repr(error))
        await ctx.ledger.save(PublicationState.OUTCOME_UNKNOWN)
        if isinstance(error, ProviderAuthExpired):
            return  # the account must be reconnected before anyone can ask the platform
        raise OutcomeStillUnknown(provider=publisher.platform.value, reason=repr(error)) from error
    if attempted and not did_not_act(error):
        log.warning("publish.outcome_unknown", platform=publisher.platform, error=repr(error))
        await ctx.ledger.save(PublicationState.OUTCOME_UNKNOWN)
        raise OutcomeStillUnknown(provider=publisher.platform.value, reason=repr(error)) from error
    key = error.key if isinstance(error, DomainError) else "error-internal"
    if is_final(error):
        await ctx.ledger.save(PublicationState.FAILED, error_key=key)
    elif attempted:  # refused before it acted (a 401, a 429): the commit may be sent again
        await ctx.ledger.save(PublicationState.PROCESSING, error_key=key)


def did_not_act(error: BaseException) -> bool:
    """The platform answered and certainly did nothing: a 4xx (401 and 429 included) or a
    check of ours before the call."""
    return isinstance(error, ProviderRejected | ProviderRateLimited | MediaNotAccepted)


def is_final(error: BaseException) -> bool:
    """The same request would be refused again: the publication fails. A refused token is
    not final (the account can be reconnected and the publication resumed)."""
    if isinstance(error, ProviderAuthExpired):
        return False
    return isinstance(error, ProviderRejected | MediaNotAccepted)


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value)
