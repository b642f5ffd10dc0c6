"""YouTubeEmulator: Google OAuth, the Data API's upload and read routes, and the controls the
publishing tests drive (faults, a fake clock, quota, revocation, the ledger of posts)."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from aiohttp import web

from ..openai.common import AuthState, EmulatorServer, Fault, RecordedRequest, Route, ServiceError
from ..openai.common.routing import Handler
from .channel import Channel, Video
from .faults import YouTubeFault, YouTubeFaults, google_error
from .oauth import GoogleOAuth, Grant
from .statistics import reports
from .thumbnails import Thumbnails
from .uploads import FAULT_KEY, Session, Uploads

CLIENT_ID = "emulated-client.apps.googleusercontent.com"
CLIENT_SECRET = "GOCSPX-emulated-secret"  # noqa: S105 (a test value)
CHANNEL_ID = "UCemulatedChannel0000001"
DROPPED = 0  # recorded status of a request whose connection was closed without an answer
# Rough latencies of the real service, used only when `realistic_delays` is on (the bench).
REALISTIC_DELAY_S = {"upload_put": 0.25, "upload_start": 0.3, "token": 0.15, "*": 0.08}


class YouTubeEmulator(EmulatorServer[YouTubeFaults]):
    """One port plays accounts.google.com (`/o/oauth2/v2/auth`), oauth2.googleapis.com
    (`/token`, `/revoke`) and www.googleapis.com (`/youtube/v3/...`, `/upload/...`,
    `/v2/reports`). Point the settings' auth_url, token_url, revoke_url and api_url at
    `auth_url`, `token_url`, `revoke_url` and `base_url`.

    >>> async with YouTubeEmulator(processing_polls=2) as youtube:
    ...     grant = youtube.oauth.issue_grant()
    """

    secret_headers = frozenset({"authorization"})

    def __init__(
        self, *, client_id: str = CLIENT_ID, client_secret: str = CLIENT_SECRET,
        token_ttl_s: int = 3599, rotate_refresh_tokens: bool = False,
        processing_polls: int = 2, daily_quota_units: int = 10_000,
        upload_cost_units: int = 1600, start: datetime | None = None,
        realistic_delays: bool = False,
    ) -> None:  # fmt: skip
        self.clock_offset = timedelta()
        self.started_at = start or datetime.now(UTC)
        self.realistic_delays = realistic_delays
        self.oauth = GoogleOAuth(
            client_id, client_secret, CHANNEL_ID, now=self.now, token_ttl_s=token_ttl_s,
            rotate_refresh_tokens=rotate_refresh_tokens,
        )  # fmt: skip
        self.channel = Channel(
            CHANNEL_ID, "Emulated Shorts", now=self.now, processing_polls=processing_polls,
            daily_quota_units=daily_quota_units, upload_cost_units=upload_cost_units,
        )  # fmt: skip
        self.uploads = Uploads(self.channel, base_url=lambda: self.base_url)
        self.thumbnails = Thumbnails(self.channel)
        super().__init__(YouTubeFaults())

    # -- control --------------------------------------------------------------------
    def now(self) -> datetime:
        return self.started_at + self.clock_offset

    def advance(self, seconds: float) -> None:
        """Move the fake clock (token expiry, quota days, publishAt)."""
        self.clock_offset += timedelta(seconds=seconds)

    @property
    def auth_url(self) -> str:
        return self.url("/o/oauth2/v2/auth")

    @property
    def token_url(self) -> str:
        return self.url("/token")

    @property
    def revoke_url(self) -> str:
        return self.url("/revoke")

    def expire_sessions(self) -> None:
        """Every upload session is gone (404), as a week after it was opened."""
        for session in self.uploads.sessions.values():
            session.gone = True

    @property
    def sessions(self) -> list[Session]:
        return list(self.uploads.sessions.values())

    def videos_titled(self, title: str) -> list[Video]:
        return self.channel.titled(title)

    def posts_titled(self, title: str) -> int:
        """Videos with this title that are or will be public: the count a test asserts."""
        return sum(1 for video in self.channel.titled(title) if video.is_post())

    def chunk_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests.to("upload_put") if "range" in r.notes]

    # -- server ---------------------------------------------------------------------
    def routes(self) -> list[Route]:
        oauth, uploads, channel, thumbnails = (
            self.oauth,
            self.uploads,
            self.channel,
            self.thumbnails,
        )
        return [
            Route("GET", "/o/oauth2/v2/auth", oauth.authorize, "authorize", auth=False),
            Route("POST", "/token", oauth.token, "token", auth=False),
            Route("POST", "/revoke", oauth.revoke, "revoke", auth=False),
            Route("POST", "/upload/youtube/v3/videos", uploads.start, "upload_start"),
            Route("PUT", "/upload/youtube/v3/videos", uploads.put, "upload_put"),
            Route(
                "POST", "/upload/youtube/v3/thumbnails/set", thumbnails.upload, "thumbnails_set"
            ),
            Route("GET", "/youtube/v3/channels", channel.channels, "channels"),
            Route("GET", "/youtube/v3/videos", channel.videos_list, "videos"),
            Route("GET", "/youtube/v3/playlistItems", channel.playlist_items, "playlist_items"),
            Route("GET", "/v2/reports", partial(reports, channel), "reports"),
        ]

    def check_auth(self, request: web.Request) -> AuthState:
        header = request.headers.get("Authorization", "")
        if not header:
            return "missing"
        token = header.removeprefix("Bearer ")
        return "ok" if self.oauth.channel_for(token) is not None else "bad"

    def auth_error(self, state: AuthState) -> ServiceError:
        message = "Request had invalid authentication credentials."
        return ServiceError(
            401, "authError", message,
            headers={"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'},
            detail=google_error(401, "authError", message, domain="global"),
        )  # fmt: skip

    def error_response(self, error: ServiceError) -> web.Response:
        body: Any = error.detail
        if body is None:
            body = google_error(error.status, error.code or "backendError", error.message)
        return web.json_response(body, status=error.status, headers=error.headers)

    async def _dispatch(
        self, request: web.Request, handler: Handler, record: RecordedRequest
    ) -> web.StreamResponse:
        """The base order (auth, then faults) with YouTube's faults woven in: a token that
        expires before the auth check, a partial write, an answer dropped after the work."""
        fault = self.faults.take(record.route)
        if self.realistic_delays:
            base = REALISTIC_DELAY_S.get(record.route, REALISTIC_DELAY_S["*"])
            await asyncio.sleep(base * random.uniform(0.5, 1.5))  # noqa: S311
        if fault is not None:
            record.fault = fault.name
            if isinstance(fault, YouTubeFault) and fault.expire_tokens:
                self.oauth.expire_access_tokens()
            if fault.delay > 0:
                await asyncio.sleep(fault.delay)
        if self._route_auth.get(record.route, False):
            record.auth = self.check_auth(request)
            if record.auth != "ok":
                raise self.auth_error(record.auth)
        if fault is not None and fault.status is not None:
            return self._fault_response(fault)
        if isinstance(fault, YouTubeFault):
            request[FAULT_KEY] = fault
        response = await handler(request)
        if isinstance(fault, YouTubeFault) and fault.drop:
            return self._drop(request, response, record)
        if fault is not None and fault.lost_status is not None:
            return self.lost_answer(record.route, response, fault)
        return response

    def _drop(
        self, request: web.Request, response: web.StreamResponse, record: RecordedRequest
    ) -> web.StreamResponse:
        record.notes["dropped_status"] = response.status
        if request.transport is not None:
            request.transport.close()  # aiohttp then fails to write and ignores the reset
        return response

    def lost_answer(self, route: str, response: web.StreamResponse, fault: Fault) -> web.Response:
        status = fault.lost_status or 503
        return self.error_response(ServiceError(status, "backendError", "Backend Error"))

    async def grant_tokens(self) -> tuple[Grant, str]:
        """A connected account: a grant and a fresh access token for it."""
        grant = self.oauth.issue_grant()
        token, _ = self.oauth.access_token(grant)
        return grant, token
