"""TikTok's post screen in the publish picker: the privacy level picked, toggles turned on or
off, then Continue (checked against a fresh creator_info) on to the time or the post."""

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.publish_callbacks import TikTokAction, TikTokCb
from bot.publish_flow import proceed, show_tiktok
from bot.publish_picker import read_draft, save_draft
from bot.publishing_kit import PublishingKit
from core.errors import InvalidInput
from core.ports import JobQueue
from db.models import User
from services import tiktok_post
from services.tiktok_post import TOGGLES, TikTokPicks

THROTTLE = {"throttling_key": "preview"}


async def on_tiktok(
    query: CallbackQuery, *, callback_data: TikTokCb, i18n: I18nContext,
    session: AsyncSession, user: User, state: FSMContext, queue: JobQueue,
    publishing: PublishingKit, callback_answer: CallbackAnswer,
) -> None:  # fmt: skip
    draft = await read_draft(state, callback_data.project_id)
    account_id = callback_data.account_id
    if account_id not in draft.picked or not publishing.tiktok_ready:
        raise InvalidInput(what="account", reason="it is not picked")
    assert publishing.sessionmaker is not None  # noqa: S101 - tiktok_ready says so
    info = await tiktok_post.tiktok_creator(
        publishing.sessionmaker, user.id, account_id,
        clients=publishing.clients, http=publishing.http(),
        cipher=publishing.cipher, settings=publishing.settings, web=publishing.web,
    )  # fmt: skip
    picks = TikTokPicks.of(draft.tiktok.get(str(account_id), {}))
    value, ready = callback_data.value, False
    if callback_data.action is TikTokAction.PRIVACY:
        if value >= len(info.privacy_level_options):
            raise InvalidInput(what="privacy", reason="no such option")
        picks = TikTokPicks(info.privacy_level_options[value], picks.toggles)
    elif callback_data.action is TikTokAction.TOGGLE:
        name = TOGGLES[min(value, len(TOGGLES) - 1)]
        if not tiktok_post.allowed(info, name):
            callback_answer.text = i18n.get(f"tiktok-{name}-off")
            return
        picks = TikTokPicks(picks.privacy, picks.toggles ^ {name})
    else:
        picks, ready = tiktok_post.checked_picks(info, picks, draft.duration_s), True
    draft.tiktok[str(account_id)] = {**picks.dump(), "ready": ready}
    await save_draft(state, draft)
    if not isinstance(query.message, Message):
        return
    if ready:
        await proceed(
            query.message, i18n, session=session, user=user, state=state, kit=publishing,
            queue=queue, draft=draft,
        )  # fmt: skip
    else:
        await show_tiktok(
            query.message, i18n, kit=publishing, user=user, draft=draft, account_id=account_id
        )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        on_tiktok, TikTokCb.filter(F.action.in_(set(TikTokAction))), flags=THROTTLE
    )
    return router
