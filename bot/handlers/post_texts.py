"""A platform's text in the publish picker, edited in the chat: the person sends the new
text; one over the platform's limit is refused with the numbers and the bot keeps waiting."""

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.keyboards.menu import back_to_menu
from bot.publish_callbacks import PublishAction, PublishCb
from bot.publish_picker import read_draft, save_draft, show_picker
from bot.publishing_kit import PublishingKit
from bot.states import Publishing
from core.enums import Platform
from db.models import User
from services import publish_plans
from services.post_limits import TEXT_LIMITS

THROTTLE = {"throttling_key": "preview"}
EDITING = "editing_text"  # FSM data: [project_id, platform value]


async def on_edit_text(
    query: CallbackQuery, *, callback_data: PublishCb, i18n: I18nContext, state: FSMContext
) -> None:
    await read_draft(state, callback_data.project_id)  # the picker is still open
    platform = callback_data.platform
    await state.set_state(Publishing.entering_text)
    await state.update_data({EDITING: [callback_data.project_id, platform.value]})
    if isinstance(query.message, Message):
        limits = TEXT_LIMITS[platform]
        text = i18n.get(
            "publish-text-ask",
            platform=i18n.get(f"platform-{platform.value}"),
            limit=str(limits.max_caption_chars),  # no digit grouping
        )
        await query.message.answer(text, reply_markup=back_to_menu(i18n))


async def on_text(
    message: Message,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    state: FSMContext,
    publishing: PublishingKit,
) -> None:
    project_id, value = (await state.get_data())[EDITING]
    platform = Platform(value)
    caption = publish_plans.check_post_text(platform, message.text or "")
    draft = await read_draft(state, project_id)
    draft.captions[platform.value] = caption
    await save_draft(state, draft)
    await state.set_state(None)  # the draft stays in the data
    screen = await publish_plans.publish_screen(
        session, user.id, project_id, with_tiktok=publishing.tiktok_ready
    )
    name = html.quote(i18n.get(f"platform-{platform.value}"))
    await message.answer(i18n.get("publish-text-saved", platform=name))
    await show_picker(message, i18n, screen, draft, edit=False)


async def on_not_text(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("publish-text-not-text"), reply_markup=back_to_menu(i18n))


def create_router() -> Router:
    router = Router(name=__name__)
    edit = PublishCb.filter(F.action == PublishAction.TEXT)
    router.callback_query.register(on_edit_text, edit, flags=THROTTLE)
    not_command = ~F.text.startswith("/")
    msg = router.message.register
    msg(on_text, Publishing.entering_text, F.text, not_command, flags=THROTTLE)
    msg(on_not_text, Publishing.entering_text, not_command, flags=THROTTLE)
    return router
