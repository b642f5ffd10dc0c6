"""TikTokEmulator: Login Kit v2 and the Content Posting API on 127.0.0.1 (tiktok.md, 8).

>>> async with TikTokEmulator(min_chunk=64 * 1024) as tiktok:
...     settings = tiktok.settings()  # a TikTokSettings pointed here
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from aiohttp import web
from pydantic import SecretStr

from core.publisher_settings import TikTokSettings

from .chunks import MIB, ChunkRules
from .faults import Fault, FaultPlan
from .oauth import OAuthApi
from .posting import BaseUrl, PostingApi
from .replies import OPEN_ID, PUBLISH_ID, ApiError, api_error
from .state import FakeClock, TikTokState, User
from .videos import VideosApi

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CLIENT_KEY, CLIENT_SECRET = "awtiktokemulator", "tiktok-emulator-secret"
# route name -> the scope its bearer token needs (None: any valid token); absent: no bearer.
BEARER_ROUTES: dict[str, str | None] = {
    "user_info": "user.info.basic", "creator_info": "video.publish", "init": "video.publish",
    "inbox_init": "video.upload", "status": None, "video_list": "video.list",
    "video_query": "video.list",
}  # fmt: skip


@dataclass
class Record:
    seq: int
    route: str
    method: str
    path: str
    at: float  # the emulator's clock
    content_range: str | None = None
    body_size: int = 0
    json: Any = None
    open_id: str | None = None
    publish_id: str | None = None
    status: int | None = None  # 0: the connection was dropped
    fault: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Delays:
    """Realistic latencies (bench/publish.py); tests leave them off."""

    request_s: float = 0.12
    upload_mib_per_s: float = 20.0


class TikTokEmulator:
    def __init__(
        self, *, min_chunk: int = 5 * MIB, max_chunk: int = 64 * MIB, processing_s: float = 12.0,
        moderation_s: float = 6.0, delays: Delays | None = None,
        clock: Callable[[], float] | None = None, **limits: Any,
    ) -> None:  # fmt: skip
        self.clock = clock or (time.time if delays else FakeClock())
        self.state = TikTokState(self.clock, CLIENT_KEY, CLIENT_SECRET, processing_s,
                                 moderation_s, **limits)  # fmt: skip
        self.faults = FaultPlan()
        self.requests: list[Record] = []
        self.internal_errors: list[BaseException] = []
        self.delays = delays
        self.base_url = BaseUrl()
        self.oauth = OAuthApi(self.state)
        self.posting = PostingApi(self.state, ChunkRules(min_chunk, max_chunk), self.base_url)
        self.videos = VideosApi(self.posting)
        self.add_user("open.creator1", "Creator One", "creator.one")
        self._runner: web.AppRunner | None = None

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

    # -- server -------------------------------------------------------------------------
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

    async def start(self) -> str:
        app = web.Application(middlewares=[self._middleware], client_max_size=256 * MIB)
        for method, path, handler, name in self.routes():
            app.router.add_route(method, path, handler, name=name)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.base_url.value = f"http://{host}:{port}"
        return self.base_url.value

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        tb: TracebackType | None) -> None:  # fmt: skip
        await self.stop()

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        route = request.match_info.route.name or "unmatched"
        raw = await request.read()
        record = Record(len(self.requests) + 1, route, request.method, request.path, self.clock(),
                        request.headers.get("Content-Range"), len(raw))  # fmt: skip
        if request.content_type == "application/json" and raw:
            record.json = await request.json()
        self.requests.append(record)
        try:
            response = await self._handle(request, handler, record)
        except ApiError as error:
            response = api_error(error)
        except web.HTTPException as exc:  # redirects of the consent screen, aiohttp's 404s
            record.status = exc.status
            raise
        except Exception as exc:  # an emulator bug: the test that owns the emulator fails
            self.internal_errors.append(exc)
            response = api_error(ApiError(500, "emulator_bug", repr(exc)))
        record.publish_id = request.get(PUBLISH_ID) or request.match_info.get("publish_id")
        record.status = record.status if record.status == 0 else response.status
        return response

    async def _handle(self, request: web.Request, handler: Handler, record: Record
                      ) -> web.StreamResponse:  # fmt: skip
        if self.delays is not None:
            await asyncio.sleep(
                self.delays.request_s + record.body_size / MIB / self.delays.upload_mib_per_s
            )
        fault = self.faults.take(record.route)
        if fault is not None:
            record.fault = fault.name
            if fault.before is not None:
                fault.before()
            if fault.delay:
                await asyncio.sleep(fault.delay)
        if record.route in BEARER_ROUTES:
            scope = BEARER_ROUTES[record.route]
            record.open_id = request[OPEN_ID] = self.oauth.bearer_user(
                request.headers.get("Authorization"), scope
            )
        if fault is None or (fault.status is None and not fault.drop):
            return await handler(request)
        if fault.apply:
            await _run_ignoring_errors(handler, request)
        return self._faulted(request, record, fault)

    def _faulted(self, request: web.Request, record: Record, fault: Fault) -> web.StreamResponse:
        if fault.drop:
            record.status = 0
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=204)
        if fault.body is not None:
            return web.json_response(fault.body, status=fault.status or 500, headers=fault.headers)
        return api_error(ApiError(fault.status or 500, fault.code, fault.message, fault.headers))


async def _run_ignoring_errors(handler: Handler, request: web.Request) -> None:
    """The work of an applied fault; its own refusal is lost along with the answer."""
    try:
        await handler(request)
    except ApiError:
        return
