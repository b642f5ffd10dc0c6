"""Instagram Reels through the Instagram API with Instagram Login: container, bytes,
processing, then `media_publish`, the one call that makes the Reel public.

Why a thin aiohttp adapter and not an SDK: there is no async Python client for Instagram
publishing; python-facebook-api and facebook-business are synchronous (requests), and
neither knows rupload. Ours keeps every base URL a setting (the emulator stands in for
Meta), the retry policy of publishers/http.py, and the exactly-once rules in our hands.
Instagram's API has no field for an AI-generated label, so `draft.ai_generated` is not sent.
"""

from typing import ClassVar

import structlog

from core.enums import Platform, PublicationState
from core.errors import DomainError
from core.provider_errors import ProviderUnavailable
from core.publisher_settings import InstagramSettings
from publishers.base import PostRef, PublishContext
from publishers.errors import OutcomeStillUnknown, QuotaExhausted
from publishers.instagram import container
from publishers.instagram.container import CONTAINER, PULL, UPLOAD, Endpoints
from publishers.instagram.graph import Graph
from publishers.instagram.graph_errors import PROVIDER
from publishers.instagram.quota import ensure_quota
from publishers.limits import PlatformLimits

log = structlog.get_logger(__name__)

# instagram.md §3; 300 MB is the older, smaller of the two documented file limits.
INSTAGRAM_LIMITS = PlatformLimits(
    max_duration_s=900.0,
    min_duration_s=3.0,
    max_size_bytes=300 * 1024**2,
    max_fps=60.0,
    min_fps=23.0,
    min_aspect=0.01,
    max_aspect=10.0,
    video_codecs=frozenset({"h264", "hevc"}),
    max_caption_chars=2200,
    max_hashtags=30,
)
RECENT_MEDIA = 25


class InstagramPublisher:
    platform: ClassVar[Platform] = Platform.INSTAGRAM
    limits: ClassVar[PlatformLimits] = INSTAGRAM_LIMITS

    def __init__(
        self,
        settings: InstagramSettings,
        *,
        chunk_size: int = 8 * 1024**2,
        poll_interval_s: float = 10.0,
        max_polls: int = 30,
    ) -> None:
        self.settings = settings
        self.chunk_size = chunk_size
        self.poll_interval_s = poll_interval_s
        self.max_polls = max_polls

    def _session(self, ctx: PublishContext) -> tuple[Graph, Endpoints]:
        graph = Graph(ctx.http, ctx.credentials, ctx.sleep)
        return graph, Endpoints(self.settings, ctx.credentials.account_id)

    async def publish(self, ctx: PublishContext) -> PostRef:
        graph, urls = self._session(ctx)
        container_id = ctx.ledger.get(CONTAINER)
        if container_id is None:
            await ensure_quota(graph, urls)
            container_id = await container.create(graph, urls, ctx)
        container_id = str(container_id)
        if ctx.ledger.get(UPLOAD) != PULL:
            await container.upload_rest(graph, urls, ctx, container_id, self.chunk_size)
        status = await container.wait_processed(
            graph, urls, ctx, container_id, interval_s=self.poll_interval_s,
            max_polls=self.max_polls,
        )  # fmt: skip
        if status == "PUBLISHED":  # an earlier try's commit went through unseen
            return await self._already_published(graph, urls, ctx)
        await ctx.ledger.save(PublicationState.PUBLISH_ATTEMPTED)
        try:
            body = await graph.call(
                "POST", urls.of_user("media_publish"), tries=1, data={"creation_id": container_id}
            )
        except QuotaExhausted as error:
            raise await _with_slot(graph, urls, error) from error
        media_id = str(body["id"])
        log.info("publish.ig_published", container_id=container_id, media_id=media_id)
        return PostRef(media_id, await _permalink(graph, urls, media_id))

    async def reconcile(self, ctx: PublishContext) -> PostRef | None:
        """The container says whether it was published; the post is then found among the
        account's newest media by its caption."""
        container_id = ctx.ledger.get(CONTAINER)
        if container_id is None:
            return None
        graph, urls = self._session(ctx)
        try:
            body = await graph.call(
                "GET", urls.node(str(container_id)), params={"fields": "status_code"}
            )
            if body.get("status_code") != "PUBLISHED":
                return None  # FINISHED, ERROR, EXPIRED: certainly not public
            found = await _find_post(graph, urls, ctx.draft.caption)
        except ProviderUnavailable as error:
            raise OutcomeStillUnknown(provider=PROVIDER, reason=repr(error)) from error
        if found is None:
            raise OutcomeStillUnknown(provider=PROVIDER, reason="published, not listed yet")
        return found

    async def _already_published(
        self, graph: Graph, urls: Endpoints, ctx: PublishContext
    ) -> PostRef:
        found = await _find_post(graph, urls, ctx.draft.caption)
        if found is not None:
            return found
        await ctx.ledger.save(PublicationState.OUTCOME_UNKNOWN)
        raise OutcomeStillUnknown(provider=PROVIDER, reason="published, not listed yet")


async def _find_post(graph: Graph, urls: Endpoints, caption: str) -> PostRef | None:
    body = await graph.call(
        "GET", urls.of_user("media"),
        params={"fields": "id,caption,permalink,timestamp", "limit": str(RECENT_MEDIA)},
    )  # fmt: skip
    for row in body.get("data") or []:
        if str(row.get("caption", "")).strip() == caption.strip():
            return PostRef(str(row["id"]), row.get("permalink"))
    return None


async def _permalink(graph: Graph, urls: Endpoints, media_id: str) -> str | None:
    """Cosmetic: the post is public whatever happens here."""
    try:
        body = await graph.call("GET", urls.node(media_id), params={"fields": "permalink"})
    except DomainError as error:  # a live post never fails over its link
        log.warning("publish.ig_permalink_missing", media_id=media_id, error=repr(error))
        return None
    link = body.get("permalink")
    return str(link) if link else None


async def _with_slot(graph: Graph, urls: Endpoints, error: QuotaExhausted) -> QuotaExhausted:
    """The limit filled up between the check and the commit: ask when a slot frees."""
    try:
        await ensure_quota(graph, urls)
    except QuotaExhausted as exact:
        return exact
    except DomainError:
        return error  # its retry_at is conservative
    return error
