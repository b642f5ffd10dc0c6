"""The buttons under a preview: approve, regenerate a scene, change the voice, edit the text."""

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PreviewAction, PreviewCb
from bot.keyboards import Choice, preview
from bot.keyboards.menu import back_to_menu
from bot.production import show_queued
from bot.replies import deliverable_parcels, send_parcels
from bot.states import EditScript
from bot.text_limits import TEXT_LIMIT, fit_html
from core.ports import JobQueue
from core.settings import Settings
from db.models import User
from services import delivery, review, voice_studio
from services.deliverables import get_deliverables
from storage.disk import Storage

THROTTLE = {"throttling_key": "preview"}


def _message(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


async def _set_buttons(query: CallbackQuery, markup: InlineKeyboardMarkup | None) -> None:
    """Swap (or with None, remove) the buttons under the preview the user pressed."""
    if (message := _message(query)) is not None:
        await message.edit_reply_markup(reply_markup=markup)


async def on_approve(
    query: CallbackQuery,
    *,
    callback_data: PreviewCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
    bot: Bot,
) -> None:
    """The final files, once: approving again sends only what did not arrive."""
    result = await review.approve_preview(session, file_storage, user.id, callback_data.project_id)
    # Made (texts fitted to Telegram's limits) before the first is sent.
    parcels = deliverable_parcels(i18n, result, with_script=False, notice=i18n.get("approved"))

    project_id, revision = result.project_id, result.revision
    sent = await delivery.delivered_items(session, user.id, project_id, revision)

    async def delivered(item: str) -> None:
        await delivery.mark_delivered(session, user.id, project_id, revision, item)

    await send_parcels(bot, query.from_user.id, parcels, skip=sent, on_sent=delivered)
    await _set_buttons(query, None)


async def on_menu(
    query: CallbackQuery,
    *,
    callback_data: PreviewCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
) -> None:
    """Swap the preview's buttons for scene numbers, voices, or back to the main four."""
    project_id = callback_data.project_id
    result = await get_deliverables(session, file_storage, user.id, project_id)  # owner check
    if callback_data.action is PreviewAction.REDO_MENU:
        markup = preview.scenes(i18n, project_id, result.scene_count)
    elif callback_data.action is PreviewAction.VOICE_MENU:
        voices = await voice_studio.list_voices(session, user.id)
        markup = preview.voices(i18n, project_id, [Choice(v.id, v.name) for v in voices])
    else:
        markup = preview.preview(i18n, project_id)
    await _set_buttons(query, markup)


async def on_redo_scene(
    query: CallbackQuery,
    *,
    callback_data: PreviewCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
    queue: JobQueue,
    bot: Bot,
    settings: Settings,
) -> None:
    project = await review.regenerate_scene(
        session,
        file_storage,
        user.id,
        callback_data.project_id,
        callback_data.item,
        limits=settings.limits,
        queue=queue,
    )
    key = "progress-redo-scene"
    await show_queued(
        bot, project, session=session, i18n=i18n, chat_id=query.from_user.id, key=key
    )
    await _set_buttons(query, None)  # after the enqueue: Telegram trouble loses no job


async def on_set_voice(
    query: CallbackQuery,
    *,
    callback_data: PreviewCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
    queue: JobQueue,
    bot: Bot,
    settings: Settings,
) -> None:
    project = await review.change_voice(
        session,
        file_storage,
        user.id,
        callback_data.project_id,
        callback_data.item or None,
        limits=settings.limits,
        queue=queue,
    )
    key = "progress-new-voice"
    await show_queued(
        bot, project, session=session, i18n=i18n, chat_id=query.from_user.id, key=key
    )
    await _set_buttons(query, None)  # after the enqueue: Telegram trouble loses no job


async def on_edit_text(
    query: CallbackQuery,
    *,
    callback_data: PreviewCb,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
) -> None:
    result = await get_deliverables(session, file_storage, user.id, callback_data.project_id)
    await state.set_state(EditScript.entering_text)
    await state.update_data(project_id=result.project_id)
    text = fit_html(
        lambda script: i18n.get("edit-ask-text", scenes=result.scene_count, script=script),
        TEXT_LIMIT,
        script=result.script_text,
    )
    if (message := _message(query)) is not None:
        await message.answer(text, reply_markup=back_to_menu(i18n))


async def on_script_text(
    message: Message,
    *,
    state: FSMContext,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
    queue: JobQueue,
    bot: Bot,
    settings: Settings,
) -> None:
    data = await state.get_data()
    text, limits = message.text or "", settings.limits
    project = await review.edit_script(
        session, file_storage, user.id, data["project_id"], text, limits=limits, queue=queue
    )
    await state.clear()
    key = "progress-new-text"
    await show_queued(bot, project, session=session, i18n=i18n, chat_id=message.chat.id, key=key)


async def on_script_not_text(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("edit-not-text"), reply_markup=back_to_menu(i18n))


def create_router() -> Router:
    router = Router(name=__name__)
    cb = router.callback_query.register
    action = F.action
    cb(on_approve, PreviewCb.filter(action == PreviewAction.APPROVE), flags=THROTTLE)
    menus = {PreviewAction.REDO_MENU, PreviewAction.VOICE_MENU, PreviewAction.BACK}
    cb(on_menu, PreviewCb.filter(action.in_(menus)), flags=THROTTLE)
    cb(on_redo_scene, PreviewCb.filter(action == PreviewAction.REDO_SCENE), flags=THROTTLE)
    cb(on_set_voice, PreviewCb.filter(action == PreviewAction.SET_VOICE), flags=THROTTLE)
    cb(on_edit_text, PreviewCb.filter(action == PreviewAction.EDIT_TEXT), flags=THROTTLE)
    text, msg = ~F.text.startswith("/"), router.message.register
    msg(on_script_text, EditScript.entering_text, F.text, text, flags=THROTTLE)
    msg(on_script_not_text, EditScript.entering_text, text, flags=THROTTLE)
    return router
