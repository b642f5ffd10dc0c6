"""A publication's buttons (in My Shorts, /cancel and the job's reports): retry a failure,
cancel a scheduled one, "it is posted" / "it is not posted, post again"."""

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.keyboards.publications import publication_buttons, publications_text
from bot.publish_callbacks import PostCb
from core.ports import JobQueue
from db.models import User
from services.publication_actions import PublicationChoice, act_on_publication
from services.publication_views import PublicationView

THROTTLE = {"throttling_key": "preview"}
TITLE = "publications-title"


async def send_publications(
    bot: Bot, chat_id: int, i18n: I18nContext, views: list[PublicationView], zone: str | None
) -> None:
    """A Short's publications card (nothing when it has none)."""
    if views:
        text = publications_text(i18n, views, zone, TITLE)
        await bot.send_message(chat_id, text, reply_markup=publication_buttons(i18n, views))


async def on_post_action(
    query: CallbackQuery, *, callback_data: PostCb, i18n: I18nContext, session: AsyncSession,
    user: User, queue: JobQueue, callback_answer: CallbackAnswer,
) -> None:  # fmt: skip
    choice = PublicationChoice(callback_data.action.value)
    views = await act_on_publication(
        session, user.id, callback_data.publication_id, choice, queue=queue
    )
    callback_answer.text = i18n.get(f"publication-done-{choice.value}")
    if isinstance(query.message, Message):
        text = publications_text(i18n, views, user.timezone, TITLE)
        await query.message.edit_text(text, reply_markup=publication_buttons(i18n, views))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(on_post_action, PostCb.filter(), flags=THROTTLE)
    return router
