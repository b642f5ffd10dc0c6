"""Publications as the person sees them: with their accounts' names, and the times their
scheduled ones take. Scoped by user; queries never commit."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import PublicationState
from db.models.publication import Publication
from db.models.social_account import SocialAccount


async def with_accounts(
    session: AsyncSession, user_id: int, publications: Sequence[Publication]
) -> dict[int, SocialAccount]:
    """The accounts of `publications` by ID (only the user's)."""
    ids = {p.account_id for p in publications}
    if not ids:
        return {}
    query = select(SocialAccount).where(
        SocialAccount.user_id == user_id, SocialAccount.id.in_(ids)
    )
    return {a.id: a for a in (await session.execute(query)).scalars().all()}


async def scheduled(session: AsyncSession, user_id: int, limit: int) -> Sequence[Publication]:
    """The user's publications still waiting for their time, soonest first."""
    query = (
        select(Publication)
        .where(Publication.user_id == user_id, Publication.state == PublicationState.SCHEDULED)
        .order_by(Publication.due_at, Publication.id)
        .limit(limit)
    )
    return (await session.execute(query)).scalars().all()


async def waiting(session: AsyncSession, user_id: int) -> Sequence[Publication]:
    """The user's publications that have not gone out yet (scheduled, or queued to upload
    ahead for a platform that publishes at a time itself)."""
    query = select(Publication).where(
        Publication.user_id == user_id,
        Publication.state.in_(
            (PublicationState.SCHEDULED, PublicationState.QUEUED, PublicationState.UPLOADING,
             PublicationState.PROCESSING)
        ),
    )  # fmt: skip
    return (await session.execute(query)).scalars().all()
