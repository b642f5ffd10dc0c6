"""Posts: `POST /2/tweets` (the commit: no idempotency key, duplicate text refused with 403,
a 24-hour cap per user, media must be processed) and the reads a reconciler or analytics
use: `GET /2/tweets/{id}`, `GET /2/tweets?ids=`, `GET /2/users/{id}/tweets`.

Stored text is rewritten as X does: every URL becomes a t.co link, the video adds one more
(its `entities.urls` entry carries `media_key`), and `&<>` are HTML-escaped.
"""

from __future__ import annotations

import html
import re
import secrets
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from ..openai.common import RECORD_KEY, ServiceError
from .engagement import Engagement
from .media import invalid
from .state import DAY_S, USER_KEY, Tweet, XState

URL = re.compile(r"https?://\S+")
USAGE_CAPPED = "https://api.twitter.com/2/problems/usage-capped"
DUPLICATE = "You are not allowed to create a Tweet with duplicate content."
LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))


def problem(
    status: int, title: str, detail: str, kind: str = "about:blank", **extra: Any
) -> ServiceError:
    body = {"title": title, "detail": detail, "type": kind, "status": status, **extra}
    return ServiceError(status, title, detail, detail=body)


class TweetsApi:
    def __init__(self, state: XState, *, daily_post_cap: int, timeline_lag_s: float) -> None:
        self.state = state
        self.daily_post_cap = daily_post_cap
        self.timeline_lag_s = timeline_lag_s  # a new post shows in timelines this much later
        self.usage_capped = False  # every post: 429 UsageCapExceeded (the monthly cap)
        self.engagement = Engagement(state)

    async def create(self, request: web.Request) -> web.Response:
        user_id, body = request[USER_KEY], request[RECORD_KEY].json or {}
        text, media_ids = (
            str(body.get("text") or ""),
            (body.get("media") or {}).get("media_ids") or [],
        )
        self._check_limits(user_id)
        if not text and not media_ids:
            raise invalid("Post text or media is required")
        if _weighted(text) > 280:
            raise problem(400, "Invalid Request", "Your Post text is too long.")
        media = [self.state.media.get(str(media_id)) for media_id in media_ids]
        now = self.state.clock.now()
        if len(media) > 1 or any(
            m is None or m.user_id != user_id or m.state != "succeeded" or m.expires_at < now
            for m in media
        ):
            raise invalid("Your media IDs are invalid.")
        if any(
            t.author_id == user_id and t.written_text == text for t in self.state.tweets if text
        ):
            raise problem(403, "Forbidden", DUPLICATE)
        tweet = stored_post(self.state.new_id(), user_id, text, [m for m in media if m], now)
        tweet.made_with_ai = body.get("made_with_ai")
        self.state.tweets.append(tweet)
        self.state.daily_used.setdefault(user_id, []).append(now)
        request[RECORD_KEY].notes.update(tweet_id=tweet.id, media_ids=tweet.media_ids)
        data = {"id": tweet.id, "text": tweet.text, "edit_history_tweet_ids": [tweet.id]}
        return web.json_response({"data": data}, status=201, headers=self._limit_headers(user_id))

    async def one(self, request: web.Request) -> web.Response:
        found = self._by_ids([request.match_info["id"]], request)
        return web.json_response({k: v[0] if k == "data" else v for k, v in found.items()})

    async def lookup(self, request: web.Request) -> web.Response:
        ids = [item for item in request.query.get("ids", "").split(",") if item]
        if not 1 <= len(ids) <= 100:
            raise invalid("ids must hold 1 to 100 IDs")
        return web.json_response(self._by_ids(ids, request))

    async def user_timeline(self, request: web.Request) -> web.Response:
        query = request.query
        size = int(query.get("max_results", "10"))
        if not 5 <= size <= 100:
            raise invalid("max_results must be 5..100")
        since = _epoch(query["start_time"]) if "start_time" in query else 0.0
        visible_until = self.state.clock.now() - self.timeline_lag_s
        posts = [
            t for t in reversed(self.state.tweets)
            if t.author_id == request.match_info["id"] and since <= t.created_at <= visible_until
        ]  # fmt: skip
        offset = int(query.get("pagination_token", "0") or 0)
        page = posts[offset : offset + size]
        fields = set(query.get("tweet.fields", "").split(","))
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta.update(newest_id=page[0].id, oldest_id=page[-1].id)
        if offset + size < len(posts):
            meta["next_token"] = str(offset + size)
        body: dict[str, Any] = {"meta": meta}
        if page:
            body["data"] = [self._rendered(t, fields) for t in page]
        return web.json_response(body)

    def _check_limits(self, user_id: str) -> None:
        if self.usage_capped:
            raise problem(429, "UsageCapExceeded", "Usage cap exceeded: Monthly product cap",
                          USAGE_CAPPED, period="Monthly", scope="Product")  # fmt: skip
        if self.state.posts_today(user_id) >= self.daily_post_cap:
            error = problem(429, "Too Many Requests", "Too Many Requests")
            error.headers = self._limit_headers(user_id)
            raise error

    def _limit_headers(self, user_id: str) -> dict[str, str]:
        used = self.state.posts_today(user_id)
        times = self.state.daily_used.get(user_id) or [self.state.clock.now()]
        return {
            "x-user-limit-24hour-limit": str(self.daily_post_cap),
            "x-user-limit-24hour-remaining": str(max(self.daily_post_cap - used, 0)),
            "x-user-limit-24hour-reset": str(int(min(times) + DAY_S)),
            "x-rate-limit-limit": "100",
            "x-rate-limit-remaining": "99",
            "x-rate-limit-reset": str(int(self.state.clock.now()) + 900),
        }

    def _by_ids(self, ids: list[str], request: web.Request) -> dict[str, Any]:
        fields = set(request.query.get("tweet.fields", "").split(","))
        known = {t.id: t for t in self.state.tweets}
        found = [known[i] for i in ids if i in known]
        body: dict[str, Any] = {"data": [self._rendered(t, fields) for t in found]}
        if "attachments.media_keys" in request.query.get("expansions", "").split(","):
            media_fields = set(request.query.get("media.fields", "").split(","))
            body["includes"] = {"media": self.engagement.media_includes(found, media_fields)}
        missing = [i for i in ids if i not in known]
        if missing:
            body["errors"] = [{"value": i, "detail": f"Could not find tweet with ids: [{i}].",
                               "title": "Not Found Error", "resource_type": "tweet",
                               "parameter": "ids", "resource_id": i,
                               "type": "https://api.twitter.com/2/problems/resource-not-found"}
                              for i in missing]  # fmt: skip
        return body

    def _rendered(self, tweet: Tweet, fields: set[str]) -> dict[str, Any]:
        out = _render(tweet, fields)
        if "public_metrics" in fields:
            out["public_metrics"] = self.engagement.public_metrics(tweet)
        return out


def stored_post(tweet_id: str, user_id: str, text: str, media: list[Any], now: float) -> Tweet:
    urls: list[dict[str, object]] = []

    def shorten(match: re.Match[str]) -> str:
        short = "https://t.co/" + secrets.token_urlsafe(7)[:10]
        urls.append({"url": short, "expanded_url": match.group(), "display_url": match.group()})
        return short

    stored = html.escape(URL.sub(shorten, text), quote=False)
    for item in media:
        short = "https://t.co/" + secrets.token_urlsafe(7)[:10]
        stored = f"{stored} {short}" if stored else short
        video = f"https://x.com/i/web/status/{tweet_id}/video/1"
        display = "pic.x.com/" + short[-10:]
        urls.append(
            {"url": short, "expanded_url": video, "display_url": display, "media_key": item.key}
        )
    for url in urls:
        start = stored.index(str(url["url"]))
        url.update(start=start, end=start + len(str(url["url"])))
    return Tweet(tweet_id, user_id, stored, text, [m.key for m in media], [m.id for m in media],
                 now, None, urls)  # fmt: skip


def _render(tweet: Tweet, fields: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": tweet.id, "text": tweet.text,
                           "edit_history_tweet_ids": [tweet.id]}  # fmt: skip
    if "created_at" in fields:
        moment = datetime.fromtimestamp(tweet.created_at, UTC)
        out["created_at"] = (
            moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
        )
    if "author_id" in fields:
        out["author_id"] = tweet.author_id
    if "attachments" in fields and tweet.media_keys:
        out["attachments"] = {"media_keys": list(tweet.media_keys)}
    if "entities" in fields and tweet.urls:
        out["entities"] = {"urls": [dict(url) for url in tweet.urls]}
    return out


def _weighted(text: str) -> int:
    """A plain count for the emulator's own check (no emoji sequences): URLs 23."""
    plain = URL.sub("", text)
    heavy = sum(1 if any(lo <= ord(c) <= hi for lo, hi in LIGHT) else 2 for c in plain)
    return heavy + 23 * len(URL.findall(text))


def _epoch(iso: str) -> float:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()
    except ValueError as error:
        raise invalid(f"start_time {iso!r} is not RFC 3339") from error
