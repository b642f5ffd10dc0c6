"""XEmulator: X API v2 for the publisher (x.md): OAuth 2.0 with PKCE, chunked media upload,
posts and timelines, with faults, a movable clock and a ledger of every request and post."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from ..openai.common import AuthState, EmulatorServer, Fault, Route, ServiceError
from .faults import DroppedAnswer, HungAnswer, XFault, XFaults
from .media import MediaApi
from .oauth import OAuthApi
from .state import USER_KEY, Grant, Media, Tweet, User, XState
from .tweets import TweetsApi, stored_post

CLIENT_ID = "x-emulator-client"
CLIENT_SECRET = "x-emulator-secret"  # noqa: S105 (a test value)
DEFAULT_USER = User("1500000000000000001", "shorts_maker", "Shorts Maker")
# What `realistic_delays` adds per route (seconds), roughly what api.x.com answers in.
LATENCY = {"token": 0.15, "me": 0.1, "initialize": 0.2, "append": 0.05, "finalize": 0.25,
           "status": 0.1, "create_tweet": 0.4, "user_tweets": 0.3}  # fmt: skip
SCOPE_OF = {
    "me": "users.read",
    **dict.fromkeys(("initialize", "append", "finalize", "status"), "media.write"),
    "create_tweet": "tweet.write",
    **dict.fromkeys(("tweet", "tweets", "user_tweets"), "tweet.read"),
}


class XEmulator(EmulatorServer[XFaults]):
    """Routes live at the root: the adapter's `api_url` and `auth_url`'s host are `base_url`.

    >>> async with XEmulator() as emulator:
    ...     emulator.faults.dropped("create_tweet")   # the post is made, the answer lost
    ...     emulator.posts_with_media(media_id)       # exactly one, whatever happened
    """

    def __init__(
        self,
        *,
        client_id: str = CLIENT_ID,
        client_secret: str | None = CLIENT_SECRET,
        processing_polls: int = 3,
        check_after_secs: int = 1,
        daily_post_cap: int = 100,
        timeline_lag_s: float = 0.0,
        realistic_delays: bool = False,
    ) -> None:
        self.state = XState(client_id, client_secret)
        self.state.users[DEFAULT_USER.id] = DEFAULT_USER
        self.realistic_delays = realistic_delays
        self.hanging = asyncio.Event()  # set when a `hung` fault has done its work
        self.oauth = OAuthApi(self.state)
        self.media_api = MediaApi(
            self.state, processing_polls=processing_polls, check_after_secs=check_after_secs,
            bytes_per_second=20e6 if realistic_delays else None,
        )  # fmt: skip
        self.tweets_api = TweetsApi(
            self.state, daily_post_cap=daily_post_cap, timeline_lag_s=timeline_lag_s
        )
        super().__init__(XFaults(self.state.clock.now))

    def routes(self) -> list[Route]:
        oauth, media, tweets = self.oauth, self.media_api, self.tweets_api
        return [
            Route("GET", "/i/oauth2/authorize", oauth.authorize, "authorize", auth=False),
            Route("POST", "/2/oauth2/token", oauth.token, "token", auth=False),
            Route("POST", "/2/oauth2/revoke", oauth.revoke, "revoke", auth=False),
            Route("GET", "/2/users/me", oauth.me, "me"),
            Route("POST", "/2/media/upload/initialize", media.initialize, "initialize"),
            Route("POST", "/2/media/upload/{id}/append", media.append, "append"),
            Route("POST", "/2/media/upload/{id}/finalize", media.finalize, "finalize"),
            Route("GET", "/2/media/upload", media.status, "status"),
            Route("POST", "/2/tweets", tweets.create, "create_tweet"),
            Route("GET", "/2/tweets", tweets.lookup, "tweets"),
            Route("GET", "/2/tweets/{id}", tweets.one, "tweet"),
            Route("GET", "/2/users/{id}/tweets", tweets.user_timeline, "user_tweets"),
        ]

    # -- control -----------------------------------------------------------------------
    @property
    def auth_url(self) -> str:
        return self.url("/i/oauth2/authorize")

    def add_user(self, user_id: str, username: str, name: str = "") -> User:
        user = User(user_id, username, name or username)
        self.state.users[user_id] = user
        return user

    def connect(self, user_id: str = DEFAULT_USER.id) -> Grant:
        """A grant as if the user had consented (all publishing scopes, a refresh token)."""
        scopes = frozenset({"tweet.read", "tweet.write", "users.read", "media.write",
                            "offline.access"})  # fmt: skip
        return self.state.issue_grant(user_id, scopes)

    def advance(self, seconds: float) -> None:
        """Move the clock: token expiry, media expiry, the 24-hour cap, timeline lag."""
        self.state.clock.advance(seconds)

    def now(self) -> float:
        return self.state.clock.now()

    def expire_access_tokens(self) -> None:
        for grant in self.state.grants:
            grant.access_expires_at = self.now() - 1
            grant.old_access_tokens.clear()

    def rotate_behind_back(self, user_id: str = DEFAULT_USER.id) -> Grant:
        """Another refresher rotated the user's tokens: the refresh token in hand is dead."""
        grant = next(g for g in self.state.grants if g.user_id == user_id and not g.revoked)
        return self.state.rotate(grant)

    def revoke_app(self, user_id: str | None = None) -> None:
        """The user (or every user) revoked the app: tokens and refresh tokens die."""
        for grant in self.state.grants:
            if user_id in (None, grant.user_id):
                grant.revoked = True

    def exhaust_daily_quota(self, user_id: str = DEFAULT_USER.id) -> None:
        cap, used = self.tweets_api.daily_post_cap, self.state.posts_today(user_id)
        self.state.daily_used.setdefault(user_id, []).extend([self.now()] * (cap - used))

    def user_posts(self, text: str, user_id: str = DEFAULT_USER.id) -> Tweet:
        """A post the user made elsewhere (the X app), text only."""
        tweet = stored_post(self.state.new_id(), user_id, text, [], self.now())
        self.state.tweets.append(tweet)
        return tweet

    def seed_post(self, user_id: str = DEFAULT_USER.id, *, created_at: float | None = None) -> str:
        """A video post made at `created_at` (default: now) without the upload (metrics
        tests, the bench); its ID. Its counts grow from then (`tweets_api.engagement`)."""
        tweet_id = self.state.new_id()
        tweet = stored_post(tweet_id, user_id, f"seeded {tweet_id}", [], self.now())
        tweet.media_keys, tweet.created_at = [f"7_{tweet_id}"], created_at or self.now()
        self.state.tweets.append(tweet)
        return tweet_id

    def delete_post(self, tweet_id: str) -> None:
        """The user deleted the post: lookups answer resource-not-found for it."""
        self.state.tweets = [t for t in self.state.tweets if t.id != tweet_id]

    def expired_token_fault(self, route: str, *, call: int | None = None) -> Fault:
        return self.faults.expired_token(route, self.expire_access_tokens, call=call)

    # -- ledger ------------------------------------------------------------------------
    @property
    def posts(self) -> list[Tweet]:
        return list(self.state.tweets)

    def posts_with_media(self, media_id: str) -> list[Tweet]:
        return [tweet for tweet in self.state.tweets if media_id in tweet.media_ids]

    def posts_saying(self, text: str) -> list[Tweet]:
        return [tweet for tweet in self.state.tweets if tweet.written_text == text]

    def media(self, media_id: str) -> Media:
        return self.state.media[media_id]

    # -- EmulatorServer hooks ------------------------------------------------------------
    def check_auth(self, request: web.Request) -> AuthState:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return "missing"
        grant = self.state.grant_for_access(header.removeprefix("Bearer ").strip())
        if grant is None:
            return "bad"
        request[USER_KEY] = grant.user_id
        scope = SCOPE_OF.get(request.match_info.route.name or "")
        if scope is not None and scope not in grant.scopes:
            body = {"title": "Forbidden", "type": "about:blank", "status": 403,
                    "detail": f"The token lacks the {scope} scope."}  # fmt: skip
            raise ServiceError(403, "Forbidden", "missing scope", detail=body)
        return "ok"

    def auth_error(self, state: AuthState) -> ServiceError:
        body = {"title": "Unauthorized", "type": "about:blank", "status": 401,
                "detail": "Unauthorized"}  # fmt: skip
        return ServiceError(401, "Unauthorized", "Unauthorized", detail=body)

    def error_response(self, error: ServiceError) -> web.Response:
        body: Any = error.detail
        if body is None:
            body = {"title": error.code or "Error", "detail": error.message,
                    "type": "about:blank", "status": error.status}  # fmt: skip
        content_type = "application/json" if "error" in body else "application/problem+json"
        return web.json_response(
            body, status=error.status, headers=error.headers, content_type=content_type
        )

    def lost_answer(self, route: str, response: web.StreamResponse, fault: Fault) -> web.Response:
        if isinstance(fault, XFault) and fault.drops:
            return DroppedAnswer()
        if isinstance(fault, XFault) and fault.hangs:
            return HungAnswer(self.hanging)
        return super().lost_answer(route, response, fault)

    async def _dispatch(
        self, request: web.Request, handler: Any, record: Any
    ) -> web.StreamResponse:
        if self.realistic_delays:
            await asyncio.sleep(LATENCY.get(record.route, 0.05))
        return await super()._dispatch(request, handler, record)
