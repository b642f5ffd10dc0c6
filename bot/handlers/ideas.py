"""Ideas: 5-10 next topics from the user's best Shorts (/ideas, or the button under
/analytics). The list is kept in the conversation under a fresh token; a button names the
token and an index, so a tap on an old list, or a tampered index, is refused in words."""

import secrets
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.analytics_callbacks import AnalyticsAction, AnalyticsCb, IdeaAction, IdeaCb
from bot.analytics_text import dimension_value, topic_text
from bot.idea_start import start_batch, start_short
from bot.keyboards.analytics import ideas_keyboard
from core.settings import Settings
from db.base import utcnow
from db.models import User
from pipeline.writers.llm_ideas import idea_writer_from
from services.analytics import topic_ideas
from services.analytics_models import TopicIdea

THROTTLE = {"throttling_key": "usage"}
IDEAS = 7


def _kept(idea: TopicIdea) -> dict[str, Any]:
    return {
        "topic": idea.topic, "style": idea.style, "tone": idea.tone,
        "duration": idea.duration_s,
    }  # fmt: skip


def details(i18n: I18nContext, idea: dict[str, Any]) -> str:
    """ "Neon, Calm, 30 s": the settings an idea comes with."""
    parts = [
        dimension_value(i18n, "style", idea["style"]) if idea["style"] else None,
        dimension_value(i18n, "tone", idea["tone"]) if idea["tone"] else None,
        dimension_value(i18n, "length", str(idea["duration"])) if idea["duration"] else None,
    ]
    return ", ".join(part for part in parts if part)


def ideas_text(i18n: I18nContext, ideas: list[TopicIdea], kept: list[dict[str, Any]]) -> str:
    offline = any(idea.source == "offline" for idea in ideas)
    lines = [i18n.get("ideas-title"), i18n.get("ideas-offline" if offline else "ideas-llm"), ""]
    for number, idea in enumerate(kept, start=1):
        said = details(i18n, idea)
        lines.append(
            i18n.get(
                "ideas-line",
                number=str(number),
                topic=topic_text(idea["topic"]),
                details=f" — {said}" if said else "",
            )
        )
    return "\n".join(lines)


async def _send_ideas(
    message: Message, *, state: FSMContext, i18n: I18nContext, session: AsyncSession, user: User,
    settings: Settings,
) -> None:  # fmt: skip
    """The ideas (an LLM's when one is configured, the offline method's otherwise)."""
    writer = idea_writer_from(settings.providers)
    ideas = await topic_ideas(session, user.id, now=utcnow(), count=IDEAS, writer=writer)
    if not ideas:
        await message.answer(i18n.get("ideas-empty"))
        return
    kept = [_kept(idea) for idea in ideas[:10]]
    token = secrets.token_urlsafe(6)
    await state.update_data(ideas=kept, ideas_token=token)
    markup = ideas_keyboard(i18n, token, [idea["topic"] for idea in kept])
    await message.answer(ideas_text(i18n, ideas, kept), reply_markup=markup)


async def cmd_ideas(
    message: Message, *, state: FSMContext, i18n: I18nContext, session: AsyncSession, user: User,
    settings: Settings,
) -> None:  # fmt: skip
    await _send_ideas(
        message, state=state, i18n=i18n, session=session, user=user, settings=settings
    )


async def on_ideas_button(
    query: CallbackQuery, *, state: FSMContext, i18n: I18nContext, session: AsyncSession,
    user: User, settings: Settings,
) -> None:  # fmt: skip
    if isinstance(query.message, Message):
        await _send_ideas(
            query.message, state=state, i18n=i18n, session=session, user=user,
            settings=settings,
        )  # fmt: skip


def _list_of(data: dict[str, Any], callback_data: IdeaCb) -> list[dict[str, Any]] | None:
    """The ideas the button belongs to; None for another list's button or a bad index."""
    kept = data.get("ideas")
    if data.get("ideas_token") != callback_data.token or not isinstance(kept, list):
        return None
    if callback_data.action is IdeaAction.ONE and callback_data.index >= len(kept):
        return None
    return kept


async def on_idea(
    query: CallbackQuery,
    *,
    callback_data: IdeaCb,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    callback_answer: CallbackAnswer,
) -> None:
    """One idea: New Short with it prefilled; all: a batch of them."""
    kept = _list_of(await state.get_data(), callback_data)
    if kept is None:
        callback_answer.text, callback_answer.show_alert = i18n.get("ideas-stale"), True
        return
    if not isinstance(query.message, Message):
        return
    # A new conversation that still knows the list (another idea may be tapped later).
    await state.clear()
    await state.set_data({"ideas": kept, "ideas_token": callback_data.token})
    if callback_data.action is IdeaAction.BATCH:
        await start_batch(query.message, kept, state=state, i18n=i18n, session=session, user=user)
        return
    idea = kept[callback_data.index]
    text = i18n.get("ideas-started", topic=topic_text(idea["topic"]), details=details(i18n, idea))
    await query.message.answer(text)
    await start_short(query.message, idea, state=state, i18n=i18n, session=session, user=user)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_ideas, Command("ideas"), StateFilter(None), flags=THROTTLE)
    button = AnalyticsCb.filter(F.action == AnalyticsAction.IDEAS)
    router.callback_query.register(on_ideas_button, button, flags=THROTTLE)
    router.callback_query.register(on_idea, IdeaCb.filter(), flags=THROTTLE)
    return router
