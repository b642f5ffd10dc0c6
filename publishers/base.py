"""The one interface every platform's publisher implements, and what the runner hands it.

A publisher moves one publication from wherever its ledger says it stopped to PUBLISHED. It
saves every ID it would need to resume (upload session, confirmed offset, container, publish
or media ID) with `ledger.save(...)` before its next call, and saves PUBLISH_ATTEMPTED right
before the one call that can make the post public (oauth-and-publishing-rules.md, 1 and 2).
It never retries that call: the runner turns anything but a definite rejection after
PUBLISH_ATTEMPTED into OUTCOME_UNKNOWN, and only `reconcile` decides what happened.
"""

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import ClassVar, Protocol

import aiohttp

from core.enums import Platform, PublicationState
from publishers.limits import PlatformLimits

LedgerValue = str | int | None


@dataclass(frozen=True, slots=True)
class VideoFile:
    """The Short as the platform gets it, probed once before any upload."""

    path: Path
    size: int
    duration_s: float
    width: int
    height: int
    fps: float
    video_codec: str
    audio_codec: str | None
    # A signed, expiring URL of the same file that a platform can pull (Instagram, TikTok).
    public_url: str | None = None


@dataclass(frozen=True, slots=True)
class PostDraft:
    """What the post says, already checked against the platform's limits."""

    title: str
    caption: str  # the whole text as posted, hashtags included
    privacy: str | None = None  # the platform's own value; None where it has none
    made_for_kids: bool = False
    ai_generated: bool = True
    publish_at: datetime | None = None  # the platform publishes then (YouTube `publishAt`)
    # Per-platform choices the user made (TikTok: allow_comment, allow_duet, allow_stitch,
    # brand_organic, brand_content).
    options: Mapping[str, bool | str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PostRef:
    post_id: str
    url: str | None = None


class Ledger(Protocol):
    """A publication's resume state; `save` has committed when it returns."""

    @property
    def state(self) -> PublicationState: ...

    def get(self, key: str) -> LedgerValue: ...

    async def save(self, state: PublicationState | None = None, **values: LedgerValue) -> None:
        """Record `values` (a None value removes its key) and `state`, durably."""


class Credentials(Protocol):
    """An account's access token, fresh. `account_id` is the platform's ID of the account
    (a YouTube channel, an Instagram user, a TikTok open_id, an X user, a channel's chat)."""

    @property
    def account_id(self) -> str: ...

    async def access_token(self) -> str:
        """A token valid for at least the refresh margin, refreshed single-flight if not."""

    async def refresh_after_rejection(self, rejected: str) -> str:
        """A new token after the platform refused `rejected` (once per call: a second 401
        on the new token is the platform's answer, not a stale token)."""


Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class PublishContext:
    http: aiohttp.ClientSession
    credentials: Credentials
    video: VideoFile
    draft: PostDraft
    ledger: Ledger
    sleep: Sleep = asyncio.sleep  # between status polls; tests pass a faster one
    # The Short's thumbnail (PNG or JPEG), for the platforms that take one after the post.
    thumbnail: Path | None = None


class Publisher(Protocol):
    platform: ClassVar[Platform]
    limits: ClassVar[PlatformLimits]

    async def publish(self, ctx: PublishContext) -> PostRef:
        """From the ledger's state to a public (or platform-scheduled) post.

        Raises the provider error family: ProviderUnavailable / ProviderRateLimited (try
        again later; before PUBLISH_ATTEMPTED that is safe), PublishRejected (a definite no),
        ReconnectRequired (the account must be connected again), QuotaExhausted.
        """

    async def reconcile(self, ctx: PublishContext) -> PostRef | None:
        """After OUTCOME_UNKNOWN: the post if the platform has it, None if it certainly has
        not (publishing again is safe); raises OutcomeStillUnknown when it cannot tell."""
