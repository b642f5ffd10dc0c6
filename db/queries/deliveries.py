"""Deliveries: where a project's progress message is (one row per project)."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Delivery


async def get_delivery(session: AsyncSession, project_id: int) -> Delivery | None:
    """The project's progress message, whatever its revision, or None."""
    return await session.scalar(select(Delivery).where(Delivery.project_id == project_id))


async def put_delivery(
    session: AsyncSession, project_id: int, *, chat_id: int, message_id: int, revision: int
) -> Delivery:
    """Point the project's row at this message (added if the project has none); flushed.
    The caller holds the project's row lock, so two writers take turns."""
    delivery = await get_delivery(session, project_id)
    if delivery is None:
        delivery = Delivery(project_id=project_id, chat_id=0, message_id=0, revision=0)
        session.add(delivery)
    delivery.chat_id, delivery.message_id, delivery.revision = chat_id, message_id, revision
    await session.flush()
    return delivery
