"""TikTokEmulator: Login Kit v2 and the Content Posting API on 127.0.0.1 (tiktok.md, 8).

>>> async with TikTokEmulator(min_chunk=64 * 1024) as tiktok:
...     settings = tiktok.settings()  # a TikTokSettings pointed here
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from pydantic import SecretStr

from core.publisher_settings import TikTokSettings

from .chunks import MIB, ChunkRules
from .faults import FaultPlan
from .oauth import OAuthApi
from .posting import BaseUrl, PostingApi
from .server import Delays, Handler, Record, TikTokServer
from .state import FakeClock, TikTokState, User
from .videos import VideosApi

CLIENT_KEY, CLIENT_SECRET = "awtiktokemulator", "tiktok-emulator-secret"


class TikTokEmulator(TikTokServer):
    def __init__(
        self, *, min_chunk: int = 5 * MIB, max_chunk: int = 64 * MIB, processing_s: float = 12.0,
        moderation_s: float = 6.0, delays: Delays | None = None,
        clock: Callable[[], float] | None = None, **limits: Any,
    ) -> None:  # fmt: skip
        self.clock = clock or (time.time if delays else FakeClock())
        self.state = TikTokState(self.clock, CLIENT_KEY, CLIENT_SECRET, processing_s,
                                 moderation_s, **limits)  # fmt: skip
        super().__init__()
        self.faults = FaultPlan()
        self.delays = delays
        self.base_url = BaseUrl()
        self.oauth = OAuthApi(self.state)
        self.posting = PostingApi(self.state, ChunkRules(min_chunk, max_chunk), self.base_url)
        self.videos = VideosApi(self.posting)
        self.add_user("open.creator1", "Creator One", "creator.one")

    # -- control API --------------------------------------------------------------------
    def add_user(self, open_id: str, nickname: str, username: str, **options: Any) -> User:
        user = User(open_id, nickname, username, **options)
        self.state.users[open_id] = user
        return user

    def grant(self, open_id: str = "open.creator1", scope: str = "user.info.basic,video.publish,"
              "video.upload,video.list") -> tuple[str, str]:  # fmt: skip
        """(access, refresh) tokens as if the user had consented (skips the browser)."""
        return self.state.issue_tokens(open_id, tuple(scope.split(",")))

    def expire_access_tokens(self) -> None:
        """Every access token issued so far stops working (a token expiring mid-upload)."""
        for token in self.state.access.values():
            token.expires_at = min(token.expires_at, self.clock())

    def revoke_app(self, open_id: str = "open.creator1") -> None:
        """The user removed the app in TikTok's settings: API 401s, refresh invalid_grant."""
        self.state.users[open_id].revoked = True

    def exhaust_quota(self, code: str = "spam_risk_too_many_pending_share") -> None:
        """Pending shares (or posts today with `spam_risk_too_many_posts`) at their cap."""
        if code == "spam_risk_too_many_posts":
            self.state.daily_post_cap = self.state.posts_today("open.creator1")
        else:
            self.state.pending_share_limit = self.state.pending_shares("open.creator1")

    def fail_next_processing(self, reason: str = "duration_check_failed") -> None:
        self.state.fail_next = reason

    async def sleep(self, seconds: float) -> None:
        """A PublishContext.sleep that moves the fake clock instead of waiting."""
        if isinstance(self.clock, FakeClock):
            self.clock.advance(seconds)
        else:
            await asyncio.sleep(seconds)

    def advance(self, seconds: float) -> None:
        if not isinstance(self.clock, FakeClock):
            raise RuntimeError("the emulator runs on the real clock")
        self.clock.advance(seconds)

    def settings(self) -> TikTokSettings:
        return TikTokSettings(
            client_id=CLIENT_KEY, client_secret=SecretStr(CLIENT_SECRET),
            auth_url=self.base_url() + "/v2/auth/authorize/", api_url=self.base_url(),
        )  # fmt: skip

    # -- the ledger ---------------------------------------------------------------------
    def to(self, route: str) -> list[Record]:
        return [r for r in self.requests if r.route == route]

    def posts(self, title: str | None = None) -> list[int]:
        """Post ids of committed Direct Posts that did not fail (with `title`, if given)."""
        return [
            u.post_id for u in self.state.uploads.values()
            if u.post_id is not None and not u.inbox and u.fail_reason is None
            and (title is None or u.post_info.get("title") == title)
        ]  # fmt: skip

    def ranges(self, publish_id: str) -> list[tuple[int, int]]:
        """Every chunk PUT for `publish_id`, in order (a repeat shows up twice)."""
        return list(self.state.uploads[publish_id].ranges)

    def stored_bytes(self, publish_id: str) -> bytes:
        return bytes(self.state.uploads[publish_id].data)

    def assert_no_internal_errors(self) -> None:
        if self.internal_errors:
            raise AssertionError(f"emulator bugs: {self.internal_errors!r}")

    def routes(self) -> list[tuple[str, str, Handler, str]]:
        o, p, v = self.oauth, self.posting, self.videos
        return [
            ("GET", "/v2/auth/authorize/", o.authorize, "authorize"),
            ("POST", "/v2/oauth/token/", o.token, "token"),
            ("POST", "/v2/oauth/revoke/", o.revoke, "revoke"),
            ("GET", "/v2/user/info/", o.user_info, "user_info"),
            ("POST", "/v2/post/publish/creator_info/query/", p.creator_info, "creator_info"),
            ("POST", "/v2/post/publish/video/init/", p.init_direct, "init"),
            ("POST", "/v2/post/publish/inbox/video/init/", p.init_inbox, "inbox_init"),
            ("PUT", "/upload/{publish_id}", p.upload, "upload"),
            ("POST", "/v2/post/publish/status/fetch/", p.status, "status"),
            ("POST", "/v2/video/list/", v.list_videos, "video_list"),
            ("POST", "/v2/video/query/", v.query_videos, "video_query"),
        ]
