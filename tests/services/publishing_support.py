"""Helpers of the end-to-end publishing tests: the rows of a Short's publications, events."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import Platform, PublicationState
from core.ports import PublicationEvent, PublicationNews
from db.models.publication import Publication

EVERY_PLATFORM = frozenset(Platform)


async def publications_of(
    sessionmaker: async_sessionmaker[AsyncSession], project_id: int
) -> dict[Platform, Publication]:
    async with sessionmaker() as session:
        rows = await session.scalars(
            select(Publication).where(Publication.project_id == project_id)
        )
        return {row.platform: row for row in rows}


async def states_of(
    sessionmaker: async_sessionmaker[AsyncSession], project_id: int
) -> dict[Platform, PublicationState]:
    return {p: row.state for p, row in (await publications_of(sessionmaker, project_id)).items()}


def news_of(
    events: Sequence[PublicationEvent], news: PublicationNews, project_id: int | None = None
) -> dict[Platform, PublicationEvent]:
    return {
        event.platform: event
        for event in events
        if event.news is news and project_id in (None, event.project_id)
    }
