"""Queries for OAuth consents in progress; a flow is used once (conditional UPDATE)."""

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform
from core.sealed import Sealed
from db.models import OAuthFlow


async def add_flow(
    session: AsyncSession, user_id: int, platform: Platform, *, nonce: str,
    code_verifier: Sealed | None, expires_at: datetime,
) -> OAuthFlow:  # fmt: skip
    flow = OAuthFlow(
        user_id=user_id,
        platform=platform,
        nonce=nonce,
        code_verifier=code_verifier,
        expires_at=expires_at,
    )
    session.add(flow)
    await session.flush()
    return flow


async def get_flow(session: AsyncSession, user_id: int, nonce: str) -> OAuthFlow | None:
    statement = select(OAuthFlow).where(OAuthFlow.nonce == nonce, OAuthFlow.user_id == user_id)
    return await session.scalar(statement)


async def use_flow(session: AsyncSession, user_id: int, nonce: str, *, now: datetime) -> bool:
    """Mark the flow used; False when it was used already (a replayed callback)."""
    statement = (
        update(OAuthFlow)
        .where(
            OAuthFlow.nonce == nonce,
            OAuthFlow.user_id == user_id,
            OAuthFlow.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    result = cast(CursorResult[Any], await session.execute(statement))
    return result.rowcount == 1


async def delete_stale(session: AsyncSession, user_id: int, *, before: datetime) -> None:
    """Forget the user's consents that expired before `before` (used or abandoned)."""
    await session.execute(
        delete(OAuthFlow).where(OAuthFlow.user_id == user_id, OAuthFlow.expires_at < before)
    )
