"""Where the publish picker goes next: TikTok's post screen for each picked TikTok account
not yet confirmed, then the time (Schedule) or the publications themselves (Publish)."""

from collections.abc import Sequence

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.keyboards.publish import time_choice
from bot.keyboards.tiktok import tiktok_screen
from bot.publish_picker import PublishDraft, drop_draft
from bot.publishing_kit import PublishingKit
from bot.time_text import local_time_text
from core.enums import Platform
from core.ports import JobQueue
from db.models import User
from services import publish_plans, publish_slots, tiktok_post
from services.publish_plans import PickableAccount, PublishScreen
from services.tiktok_post import TikTokPicks


def sent_text(i18n: I18nContext, key: str, made: Sequence[PickableAccount], **params: str) -> str:
    """What the person hears once publications are made (none: all were already live)."""
    if not made:
        return i18n.get("publish-nothing-new")
    lines = [f"• {i18n.get(f'platform-{a.platform.value}')} · {html.quote(a.name)}" for a in made]
    return i18n.get(key, **params) + "\n" + "\n".join(lines)


def pending_tiktok(screen: PublishScreen, draft: PublishDraft) -> int | None:
    """The first picked TikTok account whose post screen was not confirmed."""
    for account in screen.accounts:
        confirmed = draft.tiktok.get(str(account.id), {}).get("ready")
        if account.platform is Platform.TIKTOK and account.id in draft.picked and not confirmed:
            return account.id
    return None


async def show_tiktok(
    message: Message, i18n: I18nContext, *, kit: PublishingKit, user: User,
    draft: PublishDraft, account_id: int,
) -> None:  # fmt: skip
    """TikTok's post screen, with creator_info asked now (TikTok requires it each time)."""
    assert kit.sessionmaker is not None  # noqa: S101 - TikTok is offered only then
    info = await tiktok_post.tiktok_creator(
        kit.sessionmaker, user.id, account_id, clients=kit.clients,
        http=kit.http(), cipher=kit.cipher, settings=kit.settings, web=kit.web,
    )  # fmt: skip
    picks = TikTokPicks.of(draft.tiktok.get(str(account_id), {}))
    parts = [i18n.get("tiktok-title", nickname=html.quote(info.nickname))]
    parts.append(i18n.get("tiktok-privacy-ask" if picks.privacy is None else "tiktok-privacy-set"))
    if "brand_organic" in picks.toggles and "disclose" in picks.toggles:
        parts.append(i18n.get("tiktok-label-promotional"))
    if "brand_content" in picks.toggles and "disclose" in picks.toggles:
        parts.append(i18n.get("tiktok-label-paid"))
    branded = {"disclose", "brand_content"} <= picks.toggles
    parts.append(i18n.get("tiktok-music-branded" if branded else "tiktok-music"))
    parts.append(i18n.get("tiktok-processing"))
    markup = tiktok_screen(i18n, draft.project_id, account_id, info, picks)
    await message.edit_text("\n\n".join(parts), reply_markup=markup)


async def proceed(
    message: Message, i18n: I18nContext, *, session: AsyncSession, user: User,
    state: FSMContext, kit: PublishingKit, queue: JobQueue, draft: PublishDraft,
) -> None:  # fmt: skip
    """On from the picker: a TikTok screen still to confirm, else the time or the post."""
    screen = await publish_plans.publish_screen(
        session, user.id, draft.project_id, with_tiktok=kit.tiktok_ready
    )
    if (account_id := pending_tiktok(screen, draft)) is not None:
        await show_tiktok(message, i18n, kit=kit, user=user, draft=draft, account_id=account_id)
        return
    if draft.later:
        slot = await publish_slots.next_slot(session, user.id, user.timezone)
        markup = time_choice(i18n, draft.project_id, local_time_text(slot, user.timezone))
        await message.edit_text(i18n.get("schedule-when"), reply_markup=markup)
        return
    made = await publish_plans.publish_picked(
        session, user.id, draft.project_id, draft.picked, draft.captions, when=None,
        queue=queue, tiktok=draft.tiktok_picks() if kit.tiktok_ready else None,
    )  # fmt: skip
    await drop_draft(state)
    await message.edit_text(sent_text(i18n, "publish-sent", made), reply_markup=None)
