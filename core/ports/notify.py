"""How jobs report back to the person: a Protocol the bot (or the CLI) implements.

Jobs never format user text: they pass message keys and parameters.
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from core.enums import Platform, ProjectOrigin, StageName
from core.ports.publication_events import PublicationEvent


@dataclass(frozen=True, slots=True)
class StageProgress:
    """Where a project is: the stage, how far it is (0-1) overall and within it, and an ETA."""

    project_id: int
    stage: StageName
    stage_fraction: float
    overall: float
    eta_s: float | None


class StudioJobState(StrEnum):
    """Where a studio job (a voice, a character's variations) is; kept on its row."""

    QUEUED = "queued"
    RUNNING = "running"
    READY = "ready"
    FAILED = "failed"


# A request in one of these still has (or should have) a job: a new press does not queue again.
STUDIO_PENDING = frozenset({StudioJobState.QUEUED, StudioJobState.RUNNING})


class StudioWork(StrEnum):
    """What a studio job makes."""

    VARIATIONS = "variations"
    VOICE = "voice"  # a voice from the draft samples: a stock-voice match or a clone


class StudioStep(StrEnum):
    """What a running studio job is doing, as it can be counted (`done` of `total`)."""

    PICTURES = "pictures"  # variations: pictures made of those asked (a retry adds to both)
    UPLOAD = "upload"  # a clone: the samples sent to ElevenLabs, which makes the voice
    ANALYSE = "analyse"  # a match: the samples measured
    MATCH = "match"  # a match: stock voices of the family tried
    ADJUST = "adjust"  # a match: pitch and formant shifts tried on the chosen voice


# Called by a studio job's work after each step it can count; the job turns it into events.
StudioProgress = Callable[[StudioStep, int, int], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class StudioEvent:
    """A studio job's report for its user: `entity_id` names the row (a character's ID for
    variations, a voice request's for a voice); RUNNING is progress (`key` is the step,
    `params` its "done" and "total"), READY carries the result in `params`, FAILED a
    message `key` and its params. `job_id` is the job's, so a transport keeps one progress
    message per job. Studios are used in a chat today; `origin` routes the report like a
    project's."""

    user_id: int
    work: StudioWork
    entity_id: int
    state: StudioJobState
    key: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    origin: ProjectOrigin = ProjectOrigin.CHAT
    job_id: str = ""


class AccountChange(StrEnum):
    CONNECTED = "connected"
    RECONNECT_REQUIRED = "reconnect_required"  # its refresh was refused; `link` connects again


@dataclass(frozen=True, slots=True)
class AccountEvent:
    """An account of `user_id` was connected (by the web app's callback) or needs its owner
    to connect it again (`link`: the web app's start URL for that)."""

    user_id: int
    account_id: int
    platform: Platform
    name: str
    change: AccountChange
    link: str | None = None


class AccountNotifier(Protocol):
    async def account(self, event: AccountEvent) -> None:
        """Tell the account's owner, in their chat; never raises for a chat that refused."""
        ...


class Notifier(Protocol):
    async def progress(self, update: StageProgress) -> None:
        """A stage advanced; callers throttle their own edits."""
        ...

    async def finished(self, project_id: int) -> bool:
        """The Short is rendered and its artifacts are committed: show the preview.

        Returns True once the person has it (or never can: they blocked the bot); False
        when it did not go through, so it is sent again later.
        """
        ...

    async def failed(self, project_id: int, key: str, params: Mapping[str, Any]) -> None:
        """A stage failed permanently; `key` names the user's message."""
        ...

    async def studio(self, event: StudioEvent) -> None:
        """A studio job advanced (RUNNING: callers throttle their own edits), ran (its
        result) or failed (why, and that nothing was lost)."""
        ...

    async def publication(self, event: PublicationEvent) -> None:
        """A publication settled, was moved to a later window or needs the person."""
        ...


class SilentNotifier:
    """Reports nothing: for benchmarks and jobs whose caller polls the database."""

    async def progress(self, update: StageProgress) -> None:
        del update

    async def finished(self, project_id: int) -> bool:
        del project_id
        return True

    async def failed(self, project_id: int, key: str, params: Mapping[str, Any]) -> None:
        del project_id, key, params

    async def studio(self, event: StudioEvent) -> None:
        del event

    async def publication(self, event: PublicationEvent) -> None:
        del event
