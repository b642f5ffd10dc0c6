"""Who may run a project now: a lease held by one runner, renewed with its progress.

A runner is named `host/scope/pid/token`. `scope` hashes the host name, the boot and the PID
namespace, so a holder in the same scope whose PID no longer exists is known to be dead at
once (the embedded bot restarted after a crash resumes its project without waiting for the
lease to lapse). Elsewhere (another host or container) only the lapsed heartbeat tells.
"""

import asyncio
import hashlib
import os
import socket
import time
import uuid
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import structlog
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import UNFINISHED_STATUSES
from core.settings import JobsSettings
from db.base import utcnow
from db.queries import leases, projects

if TYPE_CHECKING:  # a runner's name is cheap to make: child processes in tests make one
    from pipeline.context import JobCtx

log = structlog.get_logger(__name__)


class LeaseLost(Exception):
    """Another runner (or the reaper) took the project over: stop without touching it."""


class Claim(StrEnum):
    CLAIMED = "claimed"
    FINISHED = "finished"  # done, failed, cancelled or gone: nothing to run
    BUSY = "busy"  # a live runner holds the lease
    EXHAUSTED = "exhausted"  # out of attempts: fail it instead


@cache
def _scope() -> str:
    parts = [socket.gethostname()]
    with suppress(OSError):  # Linux only; elsewhere the host name alone
        parts.append(Path("/proc/sys/kernel/random/boot_id").read_text().strip())
        parts.append(os.readlink("/proc/self/ns/pid"))  # e.g. "pid:[4026531836]"
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def new_runner_id() -> str:
    """A name for one runner (one JobCtx): unique, and telling where it lives."""
    return f"{socket.gethostname()[:48]}/{_scope()}/{os.getpid()}/{uuid.uuid4().hex[:12]}"


def holder_is_gone(owner: str | None) -> bool:
    """True when `owner` ran in this scope in a process that no longer exists."""
    parts = (owner or "").rsplit("/", 3)
    if len(parts) != 4 or parts[1] != _scope() or not parts[2].isdigit():  # noqa: PLR2004
        return False
    pid = int(parts[2])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, owned by another user
        return False
    return False


def runner_id(ctx: "JobCtx") -> str:
    return ctx.get("runner_id") or _process_runner()


@cache
def _process_runner() -> str:
    return new_runner_id()


def cutoff(terms: JobsSettings, now: datetime) -> datetime:
    """Heartbeats older than this belong to a lapsed lease."""
    return now - timedelta(seconds=terms.lease_s)


class ProjectLease:
    """One runner's lease on one project: claim, heartbeat (throttled), fence, hand back."""

    def __init__(
        self,
        ctx: "JobCtx",
        project_id: int,
        *,
        now: Callable[[], datetime] = utcnow,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ctx, self.project_id, self.owner = ctx, project_id, runner_id(ctx)
        self.terms = ctx["settings"].jobs
        self.now, self.monotonic = now, monotonic
        self.last_beat = monotonic()
        self.lock = asyncio.Lock()  # stages report from several tasks at once

    async def claim(self) -> Claim:
        """Take the lease (counting an attempt) if the project may run here."""
        async with self.ctx["sessionmaker"]() as session:
            project = await projects.get_project_for_job(session, self.project_id)
            if project is None or project.status not in UNFINISHED_STATUSES:
                return Claim.FINISHED
            gone = project.lease_owner if holder_is_gone(project.lease_owner) else None
            if project.attempts >= self.terms.max_attempts:
                return Claim.EXHAUSTED
            now = self.now()
            claimed = await leases.claim_lease(
                session,
                self.project_id,
                self.owner,
                now=now,
                cutoff=cutoff(self.terms, now),
                max_attempts=self.terms.max_attempts,
                gone_owner=gone,
            )
            await session.commit()
        self.last_beat = self.monotonic()
        return Claim.CLAIMED if claimed else Claim.BUSY

    async def beat(self) -> None:
        """Renew the lease if the last renewal is `heartbeat_s` old (called with progress).

        Raises:
            LeaseLost: someone else holds the project now.
        """
        if self.monotonic() - self.last_beat < self.terms.heartbeat_s:
            return
        async with self.lock:
            if self.monotonic() - self.last_beat < self.terms.heartbeat_s:
                return
            try:
                async with self.ctx["sessionmaker"]() as session:
                    held = await leases.renew_lease(
                        session, self.project_id, self.owner, self.now()
                    )
                    await session.commit()
            except OperationalError as error:  # SQLite's writer lock: the next beat renews
                log.warning("lease.beat_skipped", project_id=self.project_id, error=str(error))
                return
            self.last_beat = self.monotonic()
        if not held:
            raise LeaseLost(self.project_id)

    async def fence(self, session: AsyncSession) -> None:
        """Renew the lease inside `session`'s transaction, so what it commits next is
        committed only while this runner holds the project.

        Raises:
            LeaseLost: someone else holds the project now (the transaction is rolled back).
        """
        if not await leases.renew_lease(session, self.project_id, self.owner, self.now()):
            await session.rollback()
            raise LeaseLost(self.project_id)
        self.last_beat = self.monotonic()

    async def set_aside(self) -> None:
        """The runner is stopping (shutdown): queue the project again, lease handed back."""
        async with self.ctx["sessionmaker"]() as session:
            if not await leases.set_aside(session, self.project_id, self.owner):
                await leases.release_lease(session, self.project_id, self.owner)
            await session.commit()
