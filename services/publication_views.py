"""Publications as the person sees them (My Shorts, /cancel, the job's reports): platform,
account, state, link, why it failed, and which buttons make sense."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform, PublicationState
from core.errors import NotFound
from db.models import User
from db.models.publication import Publication
from db.queries import publication_views, publications, users
from publishers.errors import UserMustConfirm
from services.publishing import list_publications

MAX_SCHEDULED = 20  # /cancel lists this many, soonest first


@dataclass(frozen=True, slots=True)
class PublicationView:
    id: int
    project_id: int
    platform: Platform
    account_name: str
    state: PublicationState
    post_url: str | None
    error_key: str | None
    when: datetime | None  # when it goes out: its due time or the platform's publish time
    account_id: int
    error: str | None  # what went wrong, in English
    published_at: datetime | None

    @property
    def can_retry(self) -> bool:
        """Only a failure is retried: one is recorded only when nothing went public."""
        return self.state is PublicationState.FAILED

    @property
    def can_cancel(self) -> bool:
        return self.state is PublicationState.SCHEDULED

    @property
    def awaiting_answer(self) -> bool:
        """The platform cannot be asked whether it went out: its owner says."""
        return (
            self.state is PublicationState.OUTCOME_UNKNOWN
            and self.error_key == UserMustConfirm.key
        )


async def _views(
    session: AsyncSession, user_id: int, found: Sequence[Publication]
) -> list[PublicationView]:
    accounts = await publication_views.with_accounts(session, user_id, found)
    return [
        PublicationView(
            id=p.id,
            project_id=p.project_id,
            platform=p.platform,
            account_name=accounts[p.account_id].name if p.account_id in accounts else "?",
            state=p.state,
            post_url=p.post_url,
            error_key=p.error_key,
            when=p.due_at or p.choices.publish_at,
            account_id=p.account_id,
            error=p.error,
            published_at=p.published_at,
        )
        for p in found
    ]


async def project_publications(
    session: AsyncSession, user_id: int, project_id: int
) -> list[PublicationView]:
    """The user's Short's publications (NotFound for another user's Short)."""
    found = await list_publications(session, user_id, project_id)
    return await _views(session, user_id, found)


async def publication_view(
    session: AsyncSession, user_id: int, publication_id: int
) -> PublicationView:
    """One of the user's publications (NotFound for another user's)."""
    found = await publications.get_publication(session, publication_id, user_id)
    if found is None:
        raise NotFound(what="publication")
    return (await _views(session, user_id, [found]))[0]


async def scheduled_publications(session: AsyncSession, user_id: int) -> list[PublicationView]:
    """The user's publications waiting for their time, soonest first."""
    found = await publication_views.scheduled(session, user_id, MAX_SCHEDULED)
    return await _views(session, user_id, found)


async def publication_recipient(session: AsyncSession, user_id: int) -> User | None:
    """Who hears about a publication (None: no such user, or no chat with the bot)."""
    user = await users.get_user(session, user_id)
    return user if user is not None and user.telegram_id is not None else None
