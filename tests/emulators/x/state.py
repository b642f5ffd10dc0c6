"""What the X emulator remembers: the app, users, OAuth grants, media and posts, on a clock
the test can move."""

from __future__ import annotations

import itertools
import secrets
import time
from dataclasses import dataclass, field

from aiohttp import web

ACCESS_TTL_S = 7200  # x.md 1.1: access tokens live 2 hours
CODE_TTL_S = 30
MEDIA_TTL_S = 86_400
DAY_S = 86_400
USER_KEY = web.RequestKey("x_user_id", str)  # the token's user, set by the token check


class Clock:
    """Real time plus whatever the test advanced."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass
class User:
    id: str
    username: str
    name: str


@dataclass
class AuthCode:
    code: str
    user_id: str
    redirect_uri: str
    challenge: str
    scopes: frozenset[str]
    expires_at: float
    used: bool = False


@dataclass
class Grant:
    """One connected account's tokens; a refresh rotates both."""

    user_id: str
    scopes: frozenset[str]
    access_token: str
    access_expires_at: float
    refresh_token: str | None
    revoked: bool = False
    old_access_tokens: dict[str, float] = field(default_factory=dict)  # token -> expiry


@dataclass
class Media:
    id: str
    key: str
    user_id: str
    total_bytes: int
    media_type: str
    category: str
    expires_at: float
    segments: dict[int, bytes] = field(default_factory=dict, repr=False)
    appends: list[tuple[int, int]] = field(default_factory=list)  # (segment_index, size)
    finalized: bool = False
    state: str | None = None  # processing_info.state once finalized
    polls: int = 0

    def content(self) -> bytes:
        return b"".join(self.segments[index] for index in sorted(self.segments))


@dataclass
class Tweet:
    id: str
    author_id: str
    text: str  # as X stores it: t.co links, HTML-escaped
    written_text: str  # as the client sent it
    media_keys: list[str]
    media_ids: list[str]
    created_at: float
    made_with_ai: bool | None
    urls: list[dict[str, object]] = field(default_factory=list)


@dataclass
class XState:
    client_id: str
    client_secret: str | None
    clock: Clock = field(default_factory=Clock)
    users: dict[str, User] = field(default_factory=dict)
    codes: dict[str, AuthCode] = field(default_factory=dict)
    grants: list[Grant] = field(default_factory=list)
    media: dict[str, Media] = field(default_factory=dict)
    tweets: list[Tweet] = field(default_factory=list)
    daily_used: dict[str, list[float]] = field(default_factory=dict)  # user -> post times
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def new_id(self) -> str:
        """A snowflake-looking ID, increasing."""
        return str(1_860_000_000_000_000_000 + next(self._ids))

    def issue_grant(self, user_id: str, scopes: frozenset[str]) -> Grant:
        refresh = _token("rt") if "offline.access" in scopes else None
        grant = Grant(user_id, scopes, _token("at"), self.clock.now() + ACCESS_TTL_S, refresh)
        self.grants.append(grant)
        return grant

    def rotate(self, grant: Grant) -> Grant:
        grant.old_access_tokens[grant.access_token] = grant.access_expires_at
        grant.access_token = _token("at")
        grant.access_expires_at = self.clock.now() + ACCESS_TTL_S
        grant.refresh_token = _token("rt")
        return grant

    def grant_for_access(self, token: str) -> Grant | None:
        now = self.clock.now()
        for grant in self.grants:
            if grant.revoked:
                continue
            if grant.access_token == token and grant.access_expires_at > now:
                return grant
            if grant.old_access_tokens.get(token, 0.0) > now:
                return grant
        return None

    def grant_for_refresh(self, token: str) -> Grant | None:
        return next((g for g in self.grants if g.refresh_token == token and not g.revoked), None)

    def posts_today(self, user_id: str) -> int:
        since = self.clock.now() - DAY_S
        times = [t for t in self.daily_used.get(user_id, []) if t > since]
        self.daily_used[user_id] = times
        return len(times)


def _token(prefix: str) -> str:
    return f"{prefix}-" + secrets.token_urlsafe(24)
