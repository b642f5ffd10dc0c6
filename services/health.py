"""What a health check asks of the services: the database answers."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession


async def check_database(session: AsyncSession) -> None:
    """Raises the driver's error when the database cannot be reached."""
    await session.execute(select(1))
