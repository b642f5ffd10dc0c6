"""Publish and Schedule under a preview: the AI label asked once, the accounts picked (all
active ones preselected), then published now (or, for Schedule, on to the time)."""

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PreviewAction, PreviewCb
from bot.keyboards import publish as keyboards
from bot.keyboards.preview import no_accounts
from bot.publish_callbacks import PublishAction, PublishCb
from bot.publish_flow import proceed
from bot.publish_picker import drop_draft, load_draft, read_draft, save_draft, show_picker
from bot.publishing_kit import PublishingKit
from core.ports import JobQueue
from db.models import User
from services import publish_plans, user_settings

THROTTLE = {"throttling_key": "preview"}


def _message(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


async def on_preview_publish(
    query: CallbackQuery, *, callback_data: PreviewCb, i18n: I18nContext, session: AsyncSession,
    user: User, state: FSMContext, callback_answer: CallbackAnswer, publishing: PublishingKit,
) -> None:  # fmt: skip
    screen = await publish_plans.publish_screen(
        session, user.id, callback_data.project_id, with_tiktok=publishing.tiktok_ready
    )
    if (message := _message(query)) is None:
        return
    if not screen.accounts:
        key = "publish-only-tiktok" if screen.left_out else "publish-no-accounts"
        callback_answer.text, callback_answer.show_alert = i18n.get(key), True
        await message.edit_reply_markup(reply_markup=no_accounts(i18n, screen.project_id))
        return
    draft = await load_draft(state, screen)
    draft.later = callback_data.action is PreviewAction.SCHEDULE
    await save_draft(state, draft)
    if screen.ai_disclosure is None:
        markup = keyboards.ai_question(i18n, screen.project_id)
        await message.answer(i18n.get("publish-ai-question"), reply_markup=markup)
        return
    await show_picker(message, i18n, screen, draft, edit=False)


async def on_ai_answer(
    query: CallbackQuery, *, callback_data: PublishCb, i18n: I18nContext, session: AsyncSession,
    user: User, state: FSMContext, publishing: PublishingKit,
) -> None:  # fmt: skip
    """Stored on the person (asked once), then the picker."""
    label = callback_data.action is PublishAction.AI_YES
    await user_settings.set_ai_disclosure(session, user.id, label=label)
    screen = await publish_plans.publish_screen(
        session, user.id, callback_data.project_id, with_tiktok=publishing.tiktok_ready
    )
    if (message := _message(query)) is not None:
        await show_picker(message, i18n, screen, await load_draft(state, screen), edit=True)


async def on_toggle(
    query: CallbackQuery, *, callback_data: PublishCb, i18n: I18nContext, session: AsyncSession,
    user: User, state: FSMContext, publishing: PublishingKit,
) -> None:  # fmt: skip
    screen = await publish_plans.publish_screen(
        session, user.id, callback_data.project_id, with_tiktok=publishing.tiktok_ready
    )
    draft = await load_draft(state, screen)
    if callback_data.item in draft.picked:
        draft.picked.remove(callback_data.item)
    elif callback_data.item in {a.id for a in screen.accounts}:
        draft.picked.append(callback_data.item)
    await save_draft(state, draft)
    if (message := _message(query)) is not None:
        await show_picker(message, i18n, screen, draft, edit=True)


async def on_go(
    query: CallbackQuery, *, callback_data: PublishCb, i18n: I18nContext,
    session: AsyncSession, user: User, state: FSMContext, queue: JobQueue,
    publishing: PublishingKit,
) -> None:  # fmt: skip
    draft = await read_draft(state, callback_data.project_id)
    if (message := _message(query)) is not None:
        await proceed(
            message, i18n, session=session, user=user, state=state, kit=publishing,
            queue=queue, draft=draft,
        )  # fmt: skip


async def on_close(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await drop_draft(state)
    if (message := _message(query)) is not None:
        await message.edit_text(i18n.get("publish-closed"), reply_markup=None)


def create_router() -> Router:
    router = Router(name=__name__)
    cb, action = router.callback_query.register, F.action
    entry = PreviewCb.filter(action.in_({PreviewAction.PUBLISH, PreviewAction.SCHEDULE}))
    cb(on_preview_publish, entry, flags=THROTTLE)
    answers = {PublishAction.AI_YES, PublishAction.AI_NO}
    cb(on_ai_answer, PublishCb.filter(action.in_(answers)), flags=THROTTLE)
    cb(on_toggle, PublishCb.filter(action == PublishAction.TOGGLE), flags=THROTTLE)
    cb(on_go, PublishCb.filter(action == PublishAction.GO), flags=THROTTLE)
    cb(on_close, PublishCb.filter(action == PublishAction.CLOSE), flags=THROTTLE)
    return router
