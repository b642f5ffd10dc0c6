"""The batch summary's "Publish or schedule all": pick the accounts (every active one
preselected, TikTok left out: it needs its post screen for each post), then publish every
made Short now, or spread them one a day per account at the usual slot from tomorrow."""

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import BatchAction, BatchCb, BatchPublishAction, BatchPublishCb
from bot.keyboards.batch_publish import picker
from bot.time_text import local_time_text
from core.ports import JobQueue
from db.base import utcnow
from db.models import User
from services.batch_publish import batch_accounts, publish_batch

THROTTLE = {"throttling_key": "preview"}
PICKED = "batch_publish_picked"  # in the conversation's data: {batch ID: [account IDs]}


async def _picked(state: FSMContext, batch_id: int) -> list[int] | None:
    kept = (await state.get_data()).get(PICKED) or {}
    found = kept.get(str(batch_id))
    return None if found is None else [int(i) for i in found]


async def _keep(state: FSMContext, batch_id: int, picked: list[int] | None) -> None:
    kept = dict((await state.get_data()).get(PICKED) or {})
    if picked is None:
        kept.pop(str(batch_id), None)
    else:
        kept[str(batch_id)] = picked
    await state.update_data({PICKED: kept})


async def on_publish(
    query: CallbackQuery, *, callback_data: BatchCb, i18n: I18nContext, session: AsyncSession,
    user: User, state: FSMContext, callback_answer: CallbackAnswer,
) -> None:  # fmt: skip
    batch_id = callback_data.batch_id
    accounts = await batch_accounts(session, user.id, batch_id)
    if not isinstance(query.message, Message):
        return
    if not accounts:
        callback_answer.text, callback_answer.show_alert = (
            i18n.get("batch-publish-no-accounts"),
            True,
        )
        return
    picked = [a.id for a in accounts]
    await _keep(state, batch_id, picked)
    await query.message.answer(
        i18n.get("batch-publish-pick"), reply_markup=picker(i18n, batch_id, accounts, picked)
    )


async def on_toggle(
    query: CallbackQuery, *, callback_data: BatchPublishCb, i18n: I18nContext,
    session: AsyncSession, user: User, state: FSMContext,
) -> None:  # fmt: skip
    accounts = await batch_accounts(session, user.id, callback_data.batch_id)
    picked = await _picked(state, callback_data.batch_id) or []
    if callback_data.account_id in picked:
        picked.remove(callback_data.account_id)
    elif callback_data.account_id in {a.id for a in accounts}:
        picked.append(callback_data.account_id)
    await _keep(state, callback_data.batch_id, picked)
    if isinstance(query.message, Message):
        markup = picker(i18n, callback_data.batch_id, accounts, picked)
        await query.message.edit_reply_markup(reply_markup=markup)


async def on_go(
    query: CallbackQuery, *, callback_data: BatchPublishCb, i18n: I18nContext,
    session: AsyncSession, user: User, state: FSMContext, queue: JobQueue,
) -> None:  # fmt: skip
    picked = await _picked(state, callback_data.batch_id)
    if picked is None or not isinstance(query.message, Message):
        return  # a stale picker: its conversation is over
    spread = callback_data.action is BatchPublishAction.SPREAD
    done = await publish_batch(
        session, user.id, callback_data.batch_id, picked, spread=spread, queue=queue,
        now=utcnow(),
    )  # fmt: skip
    await _keep(state, callback_data.batch_id, None)
    if done.first_at is None or done.last_at is None:
        text = i18n.get("batch-publish-now-done", count=done.publications)
    else:
        text = i18n.get(
            "batch-publish-spread-done", count=done.publications,
            first=local_time_text(done.first_at, user.timezone),
            last=local_time_text(done.last_at, user.timezone),
        )  # fmt: skip
    await query.message.edit_text(text, reply_markup=None)


async def on_close(
    query: CallbackQuery, callback_data: BatchPublishCb, i18n: I18nContext, state: FSMContext
) -> None:
    await _keep(state, callback_data.batch_id, None)
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n.get("publish-closed"), reply_markup=None)


def create_router() -> Router:
    router = Router(name=__name__)
    cb, action = router.callback_query.register, F.action
    cb(on_publish, BatchCb.filter(action == BatchAction.PUBLISH), flags=THROTTLE)
    cb(on_toggle, BatchPublishCb.filter(action == BatchPublishAction.TOGGLE), flags=THROTTLE)
    go = {BatchPublishAction.NOW, BatchPublishAction.SPREAD}
    cb(on_go, BatchPublishCb.filter(action.in_(go)), flags=THROTTLE)
    cb(on_close, BatchPublishCb.filter(action == BatchPublishAction.CLOSE), flags=THROTTLE)
    return router
