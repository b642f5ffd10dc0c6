"""A Telegram channel post back to its publication: an update about a channel message
(reactions) names the chat and the message, not a user. Queries never commit."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform, PublicationState
from db.models.publication import Publication
from db.models.social_account import SocialAccount


async def published_channel_posts(
    session: AsyncSession, *, chat_id: int, message_id: int
) -> Sequence[Publication]:
    """The published Telegram publications that are message `message_id` of channel
    `chat_id` (the publisher stores the channel's chat ID as the account's external ID and
    the message ID as the post ID). One, normally; none for a post the bot did not make."""
    query = (
        select(Publication)
        .join(SocialAccount, SocialAccount.id == Publication.account_id)
        .where(
            Publication.platform == Platform.TELEGRAM,
            Publication.state == PublicationState.PUBLISHED,
            Publication.post_id == str(message_id),
            SocialAccount.external_id == str(chat_id),
        )
    )
    return (await session.scalars(query)).all()
