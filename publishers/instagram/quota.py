"""The account's 24 h publishing limit (`content_publishing_limit`), read before a new
container, so a post that cannot go out now waits for its slot instead of failing."""

from datetime import UTC, datetime, timedelta

from publishers.errors import QuotaExhausted
from publishers.instagram.container import Endpoints
from publishers.instagram.graph import Graph
from publishers.instagram.graph_errors import PROVIDER

DEFAULT_WINDOW_S = 86_400


async def ensure_quota(graph: Graph, urls: Endpoints) -> None:
    """Raise QuotaExhausted (with when a slot frees) when the window is full."""
    body = await graph.call(
        "GET", urls.of_user("content_publishing_limit"), params={"fields": "quota_usage,config"}
    )
    rows = body.get("data") or [{}]
    usage = int(rows[0].get("quota_usage", 0))
    config = rows[0].get("config") or {}
    total = config.get("quota_total")
    if total is None or usage < int(total):
        return
    window = timedelta(seconds=int(config.get("quota_duration", DEFAULT_WINDOW_S)))
    retry_at = await next_slot(graph, urls, int(total), window)
    raise QuotaExhausted(provider=PROVIDER, reason=f"{usage}/{total} posts in 24 h",
                         retry_at=retry_at)  # fmt: skip


async def next_slot(graph: Graph, urls: Endpoints, total: int, window: timedelta) -> datetime:
    """When the oldest counted post leaves the window. The account's `total`-th newest post
    is no older than it (every counted post is among the account's posts), so this never
    comes early; without that many posts, a whole window from now."""
    body = await graph.call(
        "GET", urls.of_user("media"), params={"fields": "timestamp", "limit": str(total)}
    )
    rows = body.get("data") or []
    stamps = sorted((_parse(str(row["timestamp"])) for row in rows), reverse=True)
    if len(stamps) >= total:
        return stamps[total - 1] + window
    return datetime.now(UTC) + window


def _parse(stamp: str) -> datetime:
    """Graph's `2026-12-06T17:00:00+0000`."""
    return datetime.fromisoformat(stamp)
