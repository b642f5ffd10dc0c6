"""Ideas: the next topics to make, grown from the person's best performers (by engagement
rate, then views; their latest topics while nothing has numbers), each with the style, tone
and length that did best. An LLM writes them when one is configured; any failure of it falls
back to the offline method, and each idea says which made it."""

from collections.abc import Sequence
from datetime import datetime
from typing import Literal, Protocol

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from db.queries import metric_reads
from pipeline.wallet import Wallet
from pipeline.writers.llm_ideas import IdeaDraft, IdeaRequest
from services import analytics_advice as advice
from services.analytics_models import Dimension, Recommendation, TopicIdea
from services.analytics_numbers import BUCKET_SECONDS, ShortStats, length_bucket
from services.analytics_report import user_stats
from services.idea_angles import offline_ideas

log = structlog.get_logger(__name__)

MAX_IDEAS = 10
BEST_SOURCES = 3  # the best performers ideas grow from
MADE_TOPICS = 50  # the latest topics an idea must not repeat
LANGUAGES = ("en", "ru")


class IdeaWriter(Protocol):
    name: str

    async def ideas(
        self, request: IdeaRequest, wallet: Wallet | None = None
    ) -> list[IdeaDraft]: ...


def _best(shorts: Sequence[ShortStats]) -> list[ShortStats]:
    counted = [s for s in shorts if s.numbers.views or s.numbers.engagement_rate is not None]
    ranked = sorted(
        counted,
        key=lambda s: (s.numbers.engagement_rate or 0.0, s.numbers.views or 0),
        reverse=True,
    )
    return ranked[:BEST_SOURCES]


Own = tuple[str, str, str]  # a Short's style, tone and length bucket


def _choices(
    recommendations: Sequence[Recommendation], source: Own | None
) -> tuple[str | None, str | None, int | None]:
    """The learned winners; where there is none, what the source Short used (it did well),
    else the defaults."""
    found = {r.dimension: r for r in recommendations if r.platform is None}

    def pick(dimension: Dimension, own: str | None) -> str | None:
        rec = found.get(dimension)
        if rec is not None and (not rec.is_default or own is None):
            return rec.value
        return own

    style, tone, length = source or (None, None, None)
    return (
        pick("style", style),
        pick("tone", tone),
        BUCKET_SECONDS.get(pick("length", length) or ""),
    )


async def _from_writer(
    writer: IdeaWriter, request: IdeaRequest, user_id: int
) -> list[tuple[str, tuple[int, ...]]] | None:
    try:
        drafts = await writer.ideas(request)
    except DomainError as error:
        log.warning("ideas.writer_failed", writer=writer.name, user_id=user_id,
                    error=type(error).__name__, reason=str(error))  # fmt: skip
        return None
    return [(d.topic, (d.based_on,)) for d in drafts]


async def topic_ideas(
    session: AsyncSession, user_id: int, *, now: datetime, count: int = 7,
    writer: IdeaWriter | None = None,
) -> list[TopicIdea]:  # fmt: skip
    """1-10 next topics (`count`, clamped); [] when the person has made no Short yet."""
    count = max(1, min(count, MAX_IDEAS))
    stats = await user_stats(session, user_id, now=now)
    made = await metric_reads.recent_shorts(session, user_id, MADE_TOPICS)
    own: dict[int, Own] = {
        m.project_id: (m.style, m.tone, length_bucket(m.target_duration)) for m in made
    }
    own.update({s.project_id: (s.style, s.tone, s.length) for s in stats.shorts})
    best = [(s.project_id, s.topic) for s in _best(stats.shorts)]
    best = best or [(m.project_id, m.topic) for m in made[:BEST_SOURCES]]
    if not best:
        return []
    language = await metric_reads.user_language(session, user_id)
    language = language if language in LANGUAGES else "en"
    style, tone = await metric_reads.usual_choices(session, user_id)
    advised = advice.recommendations(stats.shorts, stats.posts, usual_style=style, usual_tone=tone)
    avoid = tuple(m.topic for m in made)
    ideas: list[tuple[str, tuple[int, ...]]] | None = None
    if writer is not None:
        request = IdeaRequest(language, count, tuple(t for _, t in best), avoid)
        ideas = await _from_writer(writer, request, user_id)
        if ideas is not None:
            ideas = [(topic, (best[i][0],)) for topic, (i,) in ideas]
    source: Literal["llm", "offline"] = "llm" if ideas is not None else "offline"
    if ideas is None:
        ideas = offline_ideas(best, language, count, avoid)
    found = []
    for topic, based_on in ideas:
        idea_style, idea_tone, seconds = _choices(advised, own.get(based_on[0]))
        found.append(TopicIdea(topic, idea_style, idea_tone, seconds, source, based_on))
    return found
