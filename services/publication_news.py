"""Telling the person about a publication, through the notifier of where it was asked for."""

from typing import Any, Protocol

import structlog

from core.ports import Notifier, PublicationEvent, PublicationNews
from db.models.publication import Publication
from db.models.social_account import SocialAccount

log = structlog.get_logger(__name__)


class HasNotifier(Protocol):
    @property
    def notifier(self) -> Notifier: ...


async def tell(
    deps: HasNotifier,
    publication: Publication,
    account: SocialAccount,
    news: PublicationNews,
    key: str = "",
    **params: Any,
) -> None:
    """Report `news`; a report that cannot go out is logged, never undoes the publication."""
    event = PublicationEvent(
        user_id=publication.user_id,
        publication_id=publication.id,
        project_id=publication.project_id,
        platform=publication.platform,
        account_name=account.name,
        news=news,
        key=key,
        params=params,
        origin=publication.origin,
    )
    try:
        await deps.notifier.publication(event)
    except Exception:
        log.exception("publish.report_failed", publication_id=publication.id, news=news.value)
