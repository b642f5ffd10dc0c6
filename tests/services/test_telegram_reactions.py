"""record_reactions: a channel message's reactions become its publication's snapshot; an
unknown message, another channel's message with the same ID, or a post not (yet) published
write nothing."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import AccountStatus, Platform, PublicationState
from core.post_options import PostChoices
from db.models import Project, SocialAccount
from db.models.metric_snapshot import MetricSnapshot
from db.models.publication import Publication
from db.queries import projects, users
from services.telegram_reactions import record_reactions

AT = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


async def channel_post(
    session: AsyncSession, telegram_id: int, chat_id: int, message_id: int,
    state: PublicationState = PublicationState.PUBLISHED,
) -> Publication:  # fmt: skip
    user = await users.get_or_create_user(session, telegram_id, "Owner", "en")
    project = await projects.create_project(
        session, user.id, topic="Otters", language="en", target_duration=15, style="vivid",
        tone="calm",
    )  # fmt: skip
    account = SocialAccount(user_id=user.id, platform=Platform.TELEGRAM, name="Channel",
                            external_id=str(chat_id), status=AccountStatus.ACTIVE)  # fmt: skip
    session.add(account)
    await session.flush()
    publication = Publication(
        user_id=user.id, project_id=project.id, account_id=account.id,
        platform=Platform.TELEGRAM, state=state, choices=PostChoices(), ledger={},
        post_id=str(message_id),
    )  # fmt: skip
    session.add(publication)
    await session.flush()
    return publication


async def test_reactions_match_only_the_published_post_of_that_channel(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        mine = await channel_post(session, 8101, chat_id=-100_111, message_id=7)
        await channel_post(session, 8102, chat_id=-100_222, message_id=7)
        await channel_post(session, 8103, chat_id=-100_111, message_id=8,
                           state=PublicationState.SCHEDULED)  # fmt: skip
        matched = await record_reactions(
            session, chat_id=-100_111, message_id=7, reactions={"👍": 3, "❤": 1}, at=AT
        )
        unknown = await record_reactions(
            session, chat_id=-100_111, message_id=99, reactions={"👍": 1}, at=AT
        )
        unpublished = await record_reactions(
            session, chat_id=-100_111, message_id=8, reactions={"👍": 1}, at=AT
        )
        (snapshot,) = (await session.scalars(select(MetricSnapshot))).all()
        project = await session.get(Project, mine.project_id, populate_existing=True)
    assert (matched, unknown, unpublished) == (True, False, False)
    assert project is not None
    # The Short's cached sums count the reactions as likes; no views ("no data", not 0).
    assert (project.total_likes, project.total_views, project.engagement_rate) == (4, None, None)
    assert (snapshot.publication_id, snapshot.user_id) == (mine.id, mine.user_id)
    assert (snapshot.likes, snapshot.views, snapshot.extra) == (4, None, {"👍": 3, "❤": 1})
    assert snapshot.taken_at == AT
