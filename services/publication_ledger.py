"""The publishers' Ledger on the publication row: every save is its own committed
transaction, fenced by the runner's lease, so what a publisher saved before a call is in
the database before the call is made, and a runner that lost its lease stops there."""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import PublicationState
from core.errors import DomainError
from db.base import utcnow
from db.models.publication import Publication
from db.queries import publications
from publishers.base import LedgerValue
from services.metrics_cadence import DEFAULT_CADENCE, Cadence, metrics_start


class LeaseLost(DomainError):
    """Another runner took the publication over (this one was presumed dead): stop now."""

    key = "error-internal"
    template = "publication {publication_id}: the lease passed to another runner"
    transient = True


class DbLedger:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        publication: Publication,
        owner: str,
        lease: timedelta,
        cadence: Cadence = DEFAULT_CADENCE,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._id = publication.id
        self._platform = publication.platform
        self._cadence = cadence
        self._owner = owner
        self._lease = lease
        self._state = publication.state
        self._values: dict[str, Any] = dict(publication.ledger or {})

    @property
    def state(self) -> PublicationState:
        return self._state

    def get(self, key: str) -> LedgerValue:
        value = self._values.get(key)
        return value if isinstance(value, str | int) else None

    async def save(self, state: PublicationState | None = None, **values: LedgerValue) -> None:
        merged = {k: v for k, v in {**self._values, **values}.items() if v is not None}
        row: dict[str, Any] = {"ledger": merged}
        if state is not None:
            row["state"] = state
            if state == PublicationState.PUBLISHED:
                post_id, published_at = merged.get("post_id"), utcnow()
                row |= {
                    "post_id": post_id,
                    "post_url": merged.get("post_url"),
                    "published_at": published_at,
                    "error_key": None,
                    "error": None,
                }
                post = None if post_id is None else str(post_id)
                row["metrics_state"], row["metrics_due_at"] = metrics_start(
                    self._platform, post, published_at, self._cadence
                )
            elif "error_key" in values:
                row["error_key"] = values["error_key"]
        await self.write(**row)
        self._values = merged
        if state is not None:
            self._state = state

    async def write(self, **row: Any) -> None:
        """Write columns of the row under the lease, committed; LeaseLost if it is gone."""
        until: datetime = utcnow() + self._lease
        async with self._sessionmaker() as session:
            held = await publications.write_held(
                session, self._id, self._owner, until=until, **row
            )
            await session.commit()
        if not held:
            raise LeaseLost(publication_id=self._id)
