"""An idea turned into New Short's conversation: its topic, length, style and tone filled in,
the first step left open shown (usually the voice and character); or every idea of the list
as a batch, at the batch's shared settings steps."""

from dataclasses import asdict
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import Tone
from bot.handlers.batch import DEFAULT_DURATION, DEFAULT_STYLE
from bot.handlers.new_project_cast import cast_choices, cast_markup
from bot.keyboards import new_short
from bot.states import NewShort
from db.base import utcnow
from db.models import User
from pipeline.art.styles import STYLE_NAMES
from pipeline.writers.topic import normalise_topic
from services import plans
from services.batch_collector import BatchTopic


def _settings(idea: dict[str, Any]) -> dict[str, Any]:
    """The idea's length (the nearest one offered), style and tone, where New Short offers
    them (the others are asked)."""
    offered: dict[str, Any] = {}
    if isinstance(seconds := idea.get("duration"), int) and seconds > 0:
        offered["duration"] = min(new_short.DURATIONS, key=lambda offer: abs(offer - seconds))
    if idea.get("style") in STYLE_NAMES:
        offered["style"] = idea["style"]
    if idea.get("tone") in set(Tone):
        offered["tone"] = idea["tone"]
    return offered


async def start_short(
    message: Message,
    idea: dict[str, Any],
    *,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    normalise_topic(idea["topic"], user.language)  # refused as a typed topic would be
    data = await state.update_data(topic=idea["topic"], **_settings(idea))
    if "duration" not in data:
        await state.set_state(NewShort.choosing_duration)
        await message.answer(i18n.get("new-ask-duration"), reply_markup=new_short.durations(i18n))
    elif "style" not in data:
        await state.set_state(NewShort.choosing_style)
        markup = new_short.styles(i18n, STYLE_NAMES)
        await message.answer(i18n.get("new-ask-style"), reply_markup=markup)
    elif "tone" not in data:
        await state.set_state(NewShort.choosing_tone)
        await message.answer(i18n.get("new-ask-tone"), reply_markup=new_short.tones(i18n))
    else:
        data = await state.update_data(await cast_choices(session, user))
        await state.set_state(NewShort.choosing_cast)
        await message.answer(i18n.get("new-ask-cast"), reply_markup=cast_markup(i18n, data))


def _batch_topic(line: int, idea: dict[str, Any], user: User) -> BatchTopic:
    offered = _settings(idea)
    return BatchTopic(
        line=line,
        topic=idea["topic"],
        duration=offered.get("duration", DEFAULT_DURATION),
        style=offered.get("style", DEFAULT_STYLE),
        language=user.language,
        overrides=frozenset(offered) & {"duration", "style"},
    )


async def start_batch(
    message: Message,
    ideas: list[dict[str, Any]],
    *,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    """Every idea as a batch (the plan must allow one that size), then the shared settings."""
    plans.check_batch_size(await plans.plan_of(session, user.id, now=utcnow()), len(ideas))
    topics = [_batch_topic(line, idea, user) for line, idea in enumerate(ideas, start=1)]
    for topic in topics:
        normalise_topic(topic.topic, user.language)
    await state.update_data(
        batch=[asdict(t) | {"overrides": sorted(t.overrides)} for t in topics],
        topic=topics[0].topic,
    )
    await state.set_state(NewShort.choosing_duration)
    read = i18n.get("batch-topics-read", topics=len(topics), duplicates=0, rejected=0)
    text = "\n".join([read, "", i18n.get("batch-ask-settings"), i18n.get("new-ask-duration")])
    await message.answer(text, reply_markup=new_short.durations(i18n))
