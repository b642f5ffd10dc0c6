"""The emulated Instagram: a fake clock, accounts, tokens, authorization codes, containers and
published media. Nothing here speaks HTTP; the route modules read and change it."""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from ..post_metrics import PostMetricsModel

SHORT_TTL = timedelta(hours=1)
LONG_TTL = timedelta(days=60)
REFRESH_MIN_AGE = timedelta(hours=24)
CODE_TTL = timedelta(minutes=10)
CONTAINER_TTL = timedelta(hours=24)
QUOTA_WINDOW = timedelta(hours=24)


class Clock:
    """Platform time: starts at the real now, moves only when a test advances it."""

    def __init__(self, start: datetime | None = None) -> None:
        self.value = start or datetime.now(UTC).replace(microsecond=0)

    def now(self) -> datetime:
        return self.value

    def advance(self, **delta: float) -> datetime:
        self.value += timedelta(**delta)
        return self.value


@dataclass
class Account:
    user_id: str
    username: str
    app_removed: bool = False  # the user removed the app: every token gets 190/458
    publish_times: list[datetime] = field(default_factory=list)


@dataclass
class Token:
    value: str = field(repr=False)
    user_id: str
    long_lived: bool
    issued_at: datetime
    expires_at: datetime
    invalid_subcode: int | None = None  # 467 invalidated, 460 password changed, ...


@dataclass
class Code:
    user_id: str
    client_id: str
    redirect_uri: str
    expires_at: datetime
    used: bool = False


@dataclass
class Container:
    id: str
    user_id: str
    params: dict[str, str]
    created_at: datetime
    resumable: bool
    polls_left: int
    fail_with: str | None = None  # ERROR with this `status` text once processed
    file_size: int | None = None
    data: bytearray = field(default_factory=bytearray, repr=False)
    received: list[tuple[int, int]] = field(default_factory=list)  # byte ranges, in order
    uploaded: bool = False
    media_id: str | None = None
    publish_calls: int = 0

    def duplicate_bytes(self) -> int:
        """Bytes received more than once (a re-sent range)."""
        seen: set[int] = set()
        duplicates = 0
        for start, end in self.received:
            span = set(range(start, end))
            duplicates += len(span & seen)
            seen |= span
        return duplicates


@dataclass
class Media:
    id: str
    user_id: str
    container_id: str | None  # None: a post made elsewhere (a quota filler)
    caption: str
    timestamp: datetime
    shortcode: str
    # Insights answered verbatim instead of the grown ones (absurd values; a None is left out).
    insights: dict[str, Any] = field(default_factory=dict)
    not_enough_viewers: bool = False  # insights answer #10 "Not enough viewers"
    no_data: bool = False  # insights answer an empty data set (the first hours' lag)

    @property
    def permalink(self) -> str:
        return f"https://www.instagram.com/reel/{self.shortcode}/"


class World:
    def __init__(self, clock: Clock, *, processing_polls: int, quota_total: int) -> None:
        self.clock = clock
        self.processing_polls = processing_polls
        self.quota_total = quota_total
        self.accounts: dict[str, Account] = {}
        self.tokens: dict[str, Token] = {}
        self.codes: dict[str, Code] = {}
        self.containers: dict[str, Container] = {}
        self.media: dict[str, Media] = {}
        self.next_processing_error: list[str] = []
        self._ids = itertools.count(17_900_000_000_000_001)
        self.metrics = PostMetricsModel(clock.now)

    def new_id(self) -> str:
        return str(next(self._ids))

    def add_account(self, user_id: str, username: str) -> Account:
        self.accounts[user_id] = Account(user_id, username)
        return self.accounts[user_id]

    def issue_token(
        self, user_id: str, *, long_lived: bool, age: timedelta = timedelta()
    ) -> Token:
        value = ("IGAA" if long_lived else "IGQW") + secrets.token_urlsafe(32)
        issued = self.clock.now() - age
        ttl = LONG_TTL if long_lived else SHORT_TTL
        token = Token(value, user_id, long_lived, issued, issued + ttl)
        self.tokens[token.value] = token
        return token

    def quota_usage(self, user_id: str) -> int:
        since = self.clock.now() - QUOTA_WINDOW
        return sum(1 for at in self.accounts[user_id].publish_times if at > since)

    def publish(self, container: Container | None, user_id: str, caption: str) -> Media:
        media = Media(
            self.new_id(), user_id, container.id if container else None, caption,
            self.clock.now(), secrets.token_urlsafe(8).replace("-", "x").replace("_", "y"),
        )  # fmt: skip
        self.media[media.id] = media
        self.accounts[user_id].publish_times.append(media.timestamp)
        if container is not None:
            container.media_id = media.id
        return media

    def seed_media(self, user_id: str, caption: str, *, at: datetime | None = None) -> Media:
        """A Reel posted at `at` (default: now) without the publishing calls or their quota
        (tests, the bench)."""
        shortcode = secrets.token_urlsafe(8).replace("-", "x").replace("_", "y")
        media = Media(self.new_id(), user_id, None, caption, at or self.clock.now(), shortcode)
        self.media[media.id] = media
        return media

    def delete_media(self, media_id: str) -> None:
        """The owner deleted the Reel: every read of it answers #100/33 from now on."""
        del self.media[media_id]

    def status_of(self, container: Container, *, consume: bool) -> tuple[str, str]:
        """(status_code, status); a poll of a processing container (`consume`) is one step."""
        if container.media_id is not None:
            return "PUBLISHED", "Published"
        if self.clock.now() - container.created_at > CONTAINER_TTL:
            return "EXPIRED", "Error: the media container expired"
        if not container.uploaded:
            return "IN_PROGRESS", "In Progress: waiting for the upload"
        if container.polls_left > 0:
            if consume:
                container.polls_left -= 1
            return "IN_PROGRESS", "In Progress: processing"
        if container.fail_with is not None:
            return "ERROR", container.fail_with
        return "FINISHED", "Finished: ready to publish"
