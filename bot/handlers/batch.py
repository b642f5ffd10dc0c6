"""/batch: the topics (lines or a .txt / .csv file), then New Short's own settings steps
(duration, style, tone, voice and character, pictures) chosen once for every Short, then
a summary with the estimate and the plan's allowance, and Start."""

import asyncio
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.files import download
from bot.i18n import translate
from bot.keyboards import new_short
from bot.keyboards.menu import back_to_menu
from bot.states import BatchTopics, NewShort
from db.base import utcnow
from db.models import User
from services import plans
from services.batch_topics import (
    ParsedTopics,
    TopicDefaults,
    check_topics_file_name,
    check_topics_file_size,
    parse_topics,
)

THROTTLE = {"throttling_key": "new_short"}
DEFAULT_DURATION, DEFAULT_STYLE = 30, "vivid"


async def cmd_batch(
    message: Message, state: FSMContext, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    plan = await plans.plan_of(session, user.id, now=utcnow())
    plans.check_batch_size(plan, 1)  # a plan without batches says so now
    await state.set_state(BatchTopics.sending_topics)
    await message.answer(
        i18n.get("batch-ask-topics", limit=plan.max_batch), reply_markup=back_to_menu(i18n)
    )


async def _accept(
    message: Message,
    parsed: ParsedTopics,
    *,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    """Check the count against the plan, keep the topics in the conversation and go on
    to New Short's settings, starting with the duration."""
    plans.check_batch_size(await plans.plan_of(session, user.id, now=utcnow()), len(parsed.topics))
    lines = [
        i18n.get(
            "batch-rejected-line", line=row.line, reason=translate(i18n, row.key, dict(row.params))
        )
        for row in parsed.rejected[:10]
    ]
    read = i18n.get(
        "batch-topics-read", topics=len(parsed.topics), duplicates=parsed.duplicates,
        rejected=len(parsed.rejected),
    )  # fmt: skip
    await state.update_data(
        batch=[_kept(asdict(topic)) for topic in parsed.topics],
        topic=parsed.topics[0].topic,
    )
    await state.set_state(NewShort.choosing_duration)
    text = "\n".join(
        [read, *lines, "", i18n.get("batch-ask-settings"), i18n.get("new-ask-duration")]
    )
    await message.answer(text, reply_markup=new_short.durations(i18n))


def _kept(topic: dict[str, Any]) -> dict[str, Any]:
    """A topic as the conversation keeps it (JSON: the overrides as a sorted list)."""
    return topic | {"overrides": sorted(topic["overrides"])}


def _defaults(user: User) -> TopicDefaults:
    return TopicDefaults(language=user.language, duration=DEFAULT_DURATION, style=DEFAULT_STYLE)


async def on_topics_text(
    message: Message, state: FSMContext, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    data = (message.text or "").encode()
    parsed = await asyncio.to_thread(parse_topics, data, filename=None, defaults=_defaults(user))
    await _accept(message, parsed, state=state, i18n=i18n, session=session, user=user)


async def on_topics_file(
    message: Message,
    *,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    bot: Bot,
) -> None:
    document = message.document
    assert document is not None  # noqa: S101 - the filter guarantees it
    name = document.file_name or "topics.txt"
    check_topics_file_name(name)
    check_topics_file_size(document.file_size or 0)
    with tempfile.TemporaryDirectory(prefix="batch-") as folder:
        path = await download(bot, document.file_id, document.file_size, Path(folder) / "topics")
        data = await asyncio.to_thread(path.read_bytes)
    parsed = await asyncio.to_thread(parse_topics, data, filename=name, defaults=_defaults(user))
    await _accept(message, parsed, state=state, i18n=i18n, session=session, user=user)


async def on_topics_other(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("batch-topics-not-text"), reply_markup=back_to_menu(i18n))


def create_router() -> Router:
    router = Router(name=__name__)
    msg = router.message.register
    msg(cmd_batch, Command("batch"), StateFilter(None), flags=THROTTLE)
    sending = BatchTopics.sending_topics
    msg(on_topics_text, sending, F.text, ~F.text.startswith("/"), flags=THROTTLE)
    msg(on_topics_file, sending, F.document, flags=THROTTLE)
    msg(on_topics_other, sending, ~F.text.startswith("/"), flags=THROTTLE)
    return router
