"""The batch's buttons: Start (from its summary), then, under the end summary, the pages
of Shorts to open and "make the failed ones again"."""

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.batch_summary import batch_options, batch_topics
from bot.callbacks import BatchAction, BatchCb
from bot.keyboards import batch as batch_keyboards
from bot.states import NewShort
from core.ports import JobQueue
from core.settings import Settings
from db.base import utcnow
from db.models import User
from services import batch_reports, batches
from storage.disk import Storage

THROTTLE = {"throttling_key": "new_short"}


async def on_start(
    query: CallbackQuery,
    *,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
    queue: JobQueue,
    settings: Settings,
    ai_pictures: bool,
) -> None:
    """Queue the batch; its summary message becomes the batch's one progress message. A
    refusal (the plan, the month's Shorts) leaves the conversation at this step."""
    data = await state.get_data()
    if not data.get("batch"):
        return  # a stale button: the conversation is over
    batch = await batches.start_batch(
        session, file_storage, user.id, batch_topics(data), batch_options(data, user, ai_pictures),
        limits=settings.limits, queue=queue, now=utcnow(), chat_id=query.from_user.id,
    )  # fmt: skip
    await state.clear()
    if not isinstance(query.message, Message):
        return
    message = query.message
    text = i18n.get("batch-started", total=batch.total)
    try:
        await message.edit_text(text, reply_markup=None)
    except TelegramBadRequest:
        return  # the summary is gone: the first report sends the progress message
    await batch_reports.keep_progress_message(
        session, batch.id, message.chat.id, message.message_id
    )


async def on_list(
    query: CallbackQuery,
    callback_data: BatchCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    items = await batches.batch_items(session, user.id, callback_data.batch_id)
    markup = batch_keyboards.items(
        callback_data.batch_id, [item.project_id for item in items], callback_data.page
    )
    if callback_data.page == 0 and isinstance(query.message, Message):
        await query.message.answer(i18n.get("batch-pick-short"), reply_markup=markup)
    elif isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=markup)


async def on_retry(
    query: CallbackQuery,
    *,
    callback_data: BatchCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    queue: JobQueue,
    settings: Settings,
) -> None:
    count = await batches.retry_failed(
        session, user.id, callback_data.batch_id, limits=settings.limits, queue=queue,
        now=utcnow(),
    )  # fmt: skip
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(i18n.get("batch-retrying", count=count))


def create_router() -> Router:
    router = Router(name=__name__)
    cb = router.callback_query.register
    start = BatchCb.filter(F.action == BatchAction.START)
    cb(on_start, NewShort.confirming, start, flags=THROTTLE)
    cb(on_list, BatchCb.filter(F.action == BatchAction.LIST), flags=THROTTLE)
    cb(on_retry, BatchCb.filter(F.action == BatchAction.RETRY), flags=THROTTLE)
    return router
