"""Services for the admin's numbers: the whole bot at a glance (/stats) and one user (/user).

Only read: admins see aggregates from the rows; nothing here changes anything.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import stats
from db.queries.stats import Overview, UserSummary

__all__ = ["Overview", "UserSummary", "get_overview", "get_user_summary"]


async def get_overview(session: AsyncSession) -> Overview:
    """Users, Shorts by status, failed stages, the queue, render minutes and cost."""
    return await stats.overview(session)


async def get_user_summary(session: AsyncSession, user_ref: int) -> UserSummary | None:
    """One user by Telegram or internal ID, with their Shorts and spending; None: unknown."""
    return await stats.user_summary(session, user_ref)
