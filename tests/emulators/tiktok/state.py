"""What the TikTok emulator knows: the app, users, tokens, uploads and posts, on a clock the
tests advance (token lifetimes, 1-minute rate windows, 24 h caps, processing time)."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ACCESS_TTL_S = 2 * 3600  # current docs: 2 h access tokens
REFRESH_TTL_S = 180 * 86400
UPLOAD_URL_TTL_S = 3600
DAY_S = 86400
ALL_PRIVACY = ("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY")


class FakeClock:
    """Seconds since the epoch, moved only by `advance`."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class User:
    open_id: str
    nickname: str
    username: str
    privacy_options: tuple[str, ...] = ALL_PRIVACY
    comment_disabled: bool = False
    duet_disabled: bool = False
    stitch_disabled: bool = False
    max_duration_s: int = 600
    revoked: bool = False  # the user removed the app: every token dies


@dataclass
class Token:
    open_id: str
    scope: tuple[str, ...]
    expires_at: float
    alive: bool = True


@dataclass
class AuthCode:
    open_id: str
    redirect_uri: str
    scope: tuple[str, ...]
    challenge: str | None
    used: bool = False


@dataclass
class Upload:
    publish_id: str
    open_id: str
    post_info: dict[str, Any]
    source: str  # FILE_UPLOAD | PULL_FROM_URL
    created_at: float
    inbox: bool = False
    video_size: int = 0
    chunk_size: int = 0
    chunk_count: int = 0
    video_url: str | None = None
    data: bytearray = field(default_factory=bytearray)
    ranges: list[tuple[int, int]] = field(default_factory=list)  # every PUT, in order
    committed_at: float | None = None  # the last byte arrived (or the pull started)
    fail_reason: str | None = None  # processing will end FAILED with this
    post_id: int | None = None

    @property
    def received(self) -> int:
        return len(self.data)


@dataclass
class TikTokState:
    clock: Callable[[], float]
    client_key: str
    client_secret: str
    processing_s: float
    moderation_s: float
    init_per_minute: int = 6
    status_per_minute: int = 30
    pending_share_limit: int = 5
    daily_post_cap: int = 15
    unaudited: bool = False
    users: dict[str, User] = field(default_factory=dict)
    codes: dict[str, AuthCode] = field(default_factory=dict)
    access: dict[str, Token] = field(default_factory=dict)
    refresh: dict[str, Token] = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)
    calls: dict[tuple[str, str], list[float]] = field(default_factory=dict)  # (route, user)
    rotations: int = 0
    fail_next: str | None = None  # the next committed upload fails processing with this
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(7_300_000_001))

    def new_id(self) -> int:
        return next(self._ids)

    def issue_tokens(self, open_id: str, scope: tuple[str, ...]) -> tuple[str, str]:
        now = self.clock()
        access = "act." + secrets.token_urlsafe(24)
        refresh = "rft." + secrets.token_urlsafe(24)
        self.access[access] = Token(open_id, scope, now + ACCESS_TTL_S)
        self.refresh[refresh] = Token(open_id, scope, now + REFRESH_TTL_S)
        return access, refresh

    def within(self, route: str, open_id: str, window_s: float) -> list[float]:
        """Calls on `route` by `open_id` in the last `window_s` seconds (a sliding window)."""
        now = self.clock()
        times = [t for t in self.calls.get((route, open_id), []) if t > now - window_s]
        self.calls[(route, open_id)] = times
        return times

    def pending_shares(self, open_id: str) -> int:
        """Inits not yet committed whose upload_url still works."""
        now = self.clock()
        return sum(
            1
            for u in self.uploads.values()
            if u.open_id == open_id and u.committed_at is None
            and now - u.created_at < UPLOAD_URL_TTL_S
        )  # fmt: skip

    def posts_today(self, open_id: str) -> int:
        now = self.clock()
        return sum(
            1
            for u in self.uploads.values()
            if u.open_id == open_id and u.committed_at is not None and not u.inbox
            and now - u.committed_at < DAY_S
        )  # fmt: skip
