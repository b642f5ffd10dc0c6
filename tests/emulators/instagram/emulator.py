"""InstagramEmulator: Instagram Login, the Graph publishing routes and rupload on one port.

Point InstagramSettings at it with `settings()`: auth_url, token_url, graph_url and
upload_url all lead here. Controls are plain methods (faults in `self.faults`).

>>> async with InstagramEmulator() as ig:
...     token = ig.issue_token()  # or the real OAuth flow
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from aiohttp import web

from ..openai.common import EmulatorServer, RecordedRequest, Route, ServiceError
from ..openai.common.routing import Handler
from ..openai.common.server import CLIENT_GONE
from .errors import envelope
from .faults import IgFault, IgFaults
from .insights import InsightsRoutes
from .oauth import OAuthRoutes
from .publishing import PublishingRoutes
from .state import Account, Clock, Container, Media, World
from .upload import UploadRoutes

UNSUPPORTED = "Error: 2207026 Unsupported video format"
CLIENT_ID = "ig-app-1234"
CLIENT_SECRET = "ig-secret-5678"  # noqa: S105 (the emulator's own app)
USER_ID = "17841400000000001"
VERSION = "{ver:v[0-9]+\\.[0-9]+}"


class InstagramEmulator(EmulatorServer[IgFaults]):
    secret_headers = frozenset({"authorization"})

    def __init__(
        self,
        *,
        processing_polls: int = 2,
        quota_total: int = 100,
        latency_s: float = 0.0,  # per request; bench/publish.py turns it on
        clock: Clock | None = None,
    ) -> None:
        self.clock = clock or Clock()
        self.world = World(self.clock, processing_polls=processing_polls, quota_total=quota_total)
        self.account = self.world.add_account(USER_ID, "shorts.factory")
        self.latency_s = latency_s
        self.oauth = OAuthRoutes(self.world, CLIENT_ID, CLIENT_SECRET)
        self.publishing = PublishingRoutes(self.world, lambda: self.base_url)
        self.insights = InsightsRoutes(self.world)
        self.uploads = UploadRoutes(self.world)
        super().__init__(IgFaults())

    def routes(self) -> list[Route]:
        o, p, u = self.oauth, self.publishing, self.uploads
        v = VERSION
        return [
            Route("GET", "/oauth/authorize", o.authorize, "authorize", auth=False),
            Route("POST", "/oauth/access_token", o.code_exchange, "oauth_token", auth=False),
            Route("GET", "/access_token", o.long_lived, "exchange", auth=False),
            Route("GET", "/refresh_access_token", o.refresh, "refresh", auth=False),
            Route("GET", f"/{v}/me", o.me, "me", auth=False),
            Route("POST", f"/{v}/{{ig_id}}/media", p.create, "media_create", auth=False),
            Route("GET", f"/{v}/{{ig_id}}/media", p.list_media, "media_list", auth=False),
            Route("POST", f"/{v}/{{ig_id}}/media_publish", p.publish, "media_publish", auth=False),
            Route("GET", f"/{v}/{{ig_id}}/content_publishing_limit", p.publishing_limit,
                  "publishing_limit", auth=False),
            Route("GET", f"/{v}/{{object_id}}/insights", self.insights.insights, "insights",
                  auth=False),
            Route("GET", f"/{v}/{{object_id}}", p.get_object, "object", auth=False),
            Route("POST", f"/ig-api-upload/{v}/{{container_id}}", u.upload, "rupload", auth=False),
            Route("POST", "/ig-api-upload/{container_id}", u.upload, "rupload_unversioned",
                  auth=False),
        ]  # fmt: skip

    def error_response(self, error: ServiceError) -> web.Response:
        body = error.detail
        if not isinstance(body, dict):
            code = int(error.code) if error.code.isdigit() else 100
            body = envelope(code, error.message or "Unknown path components")
        return web.json_response(body, status=error.status, headers=error.headers)

    async def _dispatch(
        self, request: web.Request, handler: Handler, record: RecordedRequest
    ) -> web.StreamResponse:
        if self.latency_s > 0:
            await asyncio.sleep(self.latency_s)
        fault = self.faults.take(record.route)
        if fault is None:
            return await handler(request)
        record.fault = fault.name
        if fault.delay > 0:
            await asyncio.sleep(fault.delay)
        if isinstance(fault, IgFault) and fault.drop:
            return _drop(request, record)
        if fault.status is not None:
            return self._fault_response(fault)
        response = await handler(request)
        if isinstance(fault, IgFault) and fault.apply_then_drop:
            return _drop(request, record)
        return response

    # -- controls ------------------------------------------------------------------------
    def settings_values(self) -> dict[str, str]:
        """InstagramSettings fields that point the adapter here."""
        return {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "auth_url": f"{self.base_url}/oauth/authorize",
            "token_url": f"{self.base_url}/oauth/access_token",
            "graph_url": self.base_url,
            "upload_url": f"{self.base_url}/ig-api-upload",
        }

    def add_account(self, user_id: str, username: str) -> Account:
        return self.world.add_account(user_id, username)

    def issue_token(self, user_id: str = USER_ID, *, age: timedelta = timedelta(days=2)) -> str:
        """A long-lived token as if connected `age` ago (old enough to refresh by default)."""
        return self.world.issue_token(user_id, long_lived=True, age=age).value

    def deny_next_consent(self) -> None:
        self.oauth.deny_next = True

    def expire_token(self, token: str) -> None:
        """The token's 60 days are over: 190/463 everywhere, refresh included."""
        self.world.tokens[token].expires_at = self.clock.now()

    def invalidate_token(self, token: str, subcode: int = 467) -> None:
        """467 invalid (e.g. replaced), 460 password changed, 459 checkpoint."""
        self.world.tokens[token].invalid_subcode = subcode

    def revoke_app(self, user_id: str = USER_ID) -> None:
        """The user removed the app: 190/458 for every token of theirs."""
        self.world.accounts[user_id].app_removed = True

    def exhaust_quota(self, user_id: str = USER_ID) -> datetime:
        """Posts made elsewhere use up the 24 h limit now; returns when one slot frees."""
        while self.world.quota_usage(user_id) < self.world.quota_total:
            self.world.publish(None, user_id, "posted elsewhere")
        return min(self.world.accounts[user_id].publish_times[-self.world.quota_total :]) + (
            timedelta(hours=24)
        )

    def fail_next_processing(self, status: str = UNSUPPORTED) -> None:
        self.world.next_processing_error.append(status)

    def advance(self, **delta: float) -> datetime:
        return self.clock.advance(**delta)

    # -- ledger --------------------------------------------------------------------------
    @property
    def containers(self) -> list[Container]:
        return list(self.world.containers.values())

    def public_posts(self, caption: str | None = None) -> list[Media]:
        """Posts published through the API (quota fillers left out), for one caption."""
        return [
            media for media in self.world.media.values()
            if media.container_id is not None and (caption is None or media.caption == caption)
        ]  # fmt: skip


def _drop(request: web.Request, record: RecordedRequest) -> web.Response:
    if request.transport is not None:
        request.transport.abort()  # close() would still let the answer out
    record.notes["dropped"] = True
    return web.Response(status=CLIENT_GONE)  # never sent: the connection is closed
