"""Queries for voice requests (a voice made by a job)."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ports.notify import STUDIO_PENDING, StudioJobState
from db.models import VoiceRequest


async def add_request(
    session: AsyncSession, user_id: int, *, name: str, language: str
) -> VoiceRequest:
    """A queued request (flushed: its ID names the job)."""
    request = VoiceRequest(
        user_id=user_id, name=name, language=language, state=StudioJobState.QUEUED
    )
    session.add(request)
    await session.flush()
    return request


async def get_pending(session: AsyncSession, user_id: int) -> VoiceRequest | None:
    """The user's request still queued or running, if any (the newest)."""
    statement = (
        select(VoiceRequest)
        .where(VoiceRequest.user_id == user_id, VoiceRequest.state.in_(STUDIO_PENDING))
        .order_by(VoiceRequest.id.desc())
        .limit(1)
    )
    return await session.scalar(statement)


async def get_for_job(session: AsyncSession, request_id: int) -> VoiceRequest | None:
    """The request, whoever made it (a job holds only its ID), read afresh."""
    statement = (
        select(VoiceRequest)
        .where(VoiceRequest.id == request_id)
        .execution_options(populate_existing=True)
    )
    return await session.scalar(statement)


async def list_pending_all(session: AsyncSession) -> Sequence[tuple[int, int]]:
    """(request ID, user ID) of every request still queued or running, oldest first: the
    jobs a restart may have lost (a job holds only its ID)."""
    statement = (
        select(VoiceRequest.id, VoiceRequest.user_id)
        .where(VoiceRequest.state.in_(STUDIO_PENDING))
        .order_by(VoiceRequest.id)
    )
    return [(row.id, row.user_id) for row in await session.execute(statement)]
