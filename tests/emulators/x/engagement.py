"""A post's `public_metrics` and its video's (the `includes.media` of an
`expansions=attachments.media_keys&media.fields=public_metrics` lookup), grown from the fake
clock (tests/emulators/post_metrics.py). The repost count is named `retweet_count` (what the
API has sent) or `repost_count` (xdk's model) as `repost_field` says."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..post_metrics import PostMetricsModel
from .state import Tweet, XState


@dataclass
class Engagement:
    state: XState
    repost_field: str = "retweet_count"
    # public_metrics fields answered verbatim (absurd values), by post ID.
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    metrics: PostMetricsModel = field(init=False)

    def __post_init__(self) -> None:
        self.metrics = PostMetricsModel(
            lambda: datetime.fromtimestamp(self.state.clock.now(), UTC)
        )

    def counts(self, tweet: Tweet) -> dict[str, int | float]:
        return self.metrics.counts(tweet.id, datetime.fromtimestamp(tweet.created_at, UTC))

    def public_metrics(self, tweet: Tweet) -> dict[str, Any]:
        counts = self.counts(tweet)
        values = {
            self.repost_field: counts["shares"], "reply_count": counts["comments"],
            "like_count": counts["likes"], "quote_count": int(counts["shares"]) // 5,
            "bookmark_count": counts["saves"],
            "impression_count": int(counts["views"]) + int(counts["reach"]),
        }  # fmt: skip
        return values | self.overrides.get(tweet.id, {})

    def media_includes(self, tweets: Iterable[Tweet], fields: set[str]) -> list[dict[str, Any]]:
        found = []
        for tweet in tweets:
            for key in tweet.media_keys:
                item: dict[str, Any] = {"media_key": key, "type": "video"}
                if "public_metrics" in fields:
                    item["public_metrics"] = {"view_count": self.counts(tweet)["views"]}
                found.append(item)
        return found
