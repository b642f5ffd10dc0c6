"""Reactions on the channels' posts: Telegram sends `message_reaction_count` to a bot that
administers the channel once the bot asks for it; aiogram asks for every update type a
router handles, so registering this handler is what adds it to `allowed_updates`."""

from aiogram import Router
from aiogram.types import (
    MessageReactionCountUpdated,
    ReactionTypeCustomEmoji,
    ReactionTypeEmoji,
    ReactionTypePaid,
)
from sqlalchemy.ext.asyncio import AsyncSession

from services.telegram_reactions import record_reactions


def reaction_name(reaction: ReactionTypeEmoji | ReactionTypeCustomEmoji | ReactionTypePaid) -> str:
    """The emoji itself; `custom:<id>` for a custom emoji, `paid` for paid (Stars) ones."""
    if isinstance(reaction, ReactionTypeEmoji):
        return reaction.emoji
    if isinstance(reaction, ReactionTypeCustomEmoji):
        return f"custom:{reaction.custom_emoji_id}"
    return "paid"


async def on_reaction_count(update: MessageReactionCountUpdated, session: AsyncSession) -> None:
    """Record the post's reactions as its Telegram numbers."""
    counts: dict[str, int] = {}
    for reaction in update.reactions:
        name = reaction_name(reaction.type)
        counts[name] = counts.get(name, 0) + reaction.total_count
    await record_reactions(
        session, chat_id=update.chat.id, message_id=update.message_id, reactions=counts,
        at=update.date,
    )  # fmt: skip


def create_router() -> Router:
    router = Router(name=__name__)
    router.message_reaction_count.register(on_reaction_count)
    return router
