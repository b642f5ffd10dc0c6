"""Reactions on a channel post as the Telegram publication's numbers.

The Bot API gives bots no view counts; for channels where the bot is an administrator it
sends `message_reaction_count` updates (grouped, minutes late) when asked for them. Each one
becomes a snapshot: likes = every reaction, extra = the count per reaction, views None
("no data", never 0).
"""

from datetime import datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.metric_snapshot import MetricSnapshot
from db.queries.channel_posts import published_channel_posts
from db.queries.metric_collection import refresh_project_sums

log = structlog.get_logger(__name__)


async def record_reactions(
    session: AsyncSession, *, chat_id: int, message_id: int, reactions: dict[str, int],
    at: datetime,
) -> bool:  # fmt: skip
    """Append a snapshot of `reactions` (reaction -> count) to the publication that is this
    channel message; False when the bot published no such post (nothing is written)."""
    publications = await published_channel_posts(session, chat_id=chat_id, message_id=message_id)
    if not publications:
        log.info("telegram.reactions_unmatched", chat_id=chat_id, message_id=message_id)
        return False
    counts = {name: count for name, count in reactions.items() if count >= 0}
    for publication in publications:
        snapshot = MetricSnapshot(
            publication_id=publication.id, user_id=publication.user_id,
            project_id=publication.project_id, platform=publication.platform,
            taken_at=at, likes=sum(counts.values()), extra=counts,
        )  # fmt: skip
        session.add(snapshot)
    await session.flush()
    await refresh_project_sums(session, {p.project_id for p in publications}, now=at)
    await session.commit()
    log.info("telegram.reactions_recorded", publications=[p.id for p in publications],
             total=sum(counts.values()))  # fmt: skip
    return True
