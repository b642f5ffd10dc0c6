"""The batch's summary before it starts (New Short's last step when the conversation holds
a batch's topics): count, time, cost per provider, what the plan leaves, the captions (their
picker is New Short's, `bot.handlers.new_project_captions`), and Start."""

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.caption_choice import conversation_captions, conversation_counter, shown
from bot.keyboards import batch as batch_keyboards
from bot.keyboards import captions
from bot.pictures import images_choice
from core.batch_options import BatchOptions
from core.settings import Settings
from db.base import utcnow
from db.models import User
from services.batch_collector import BatchTopic
from services.batch_preview import BatchPreview, preview_batch


def batch_topics(data: dict[str, Any]) -> list[BatchTopic]:
    """The topics the conversation keeps (see `bot.handlers.batch`)."""
    return [
        BatchTopic(**(item | {"overrides": frozenset(item["overrides"])}))
        for item in data["batch"]
    ]


def batch_options(data: dict[str, Any], user: User, ai_pictures: bool) -> BatchOptions:
    return BatchOptions(
        language=user.language,
        duration=int(data["duration"]),
        style=data["style"],
        tone=str(data["tone"]),
        voice_id=data["voice_id"] or None,
        character_id=data["character_id"] or None,
        pictures=images_choice(data, ai_pictures),
        captions=conversation_captions(data),
        scene_counter=conversation_counter(data),
    )


def _cost(i18n: I18nContext, preview: BatchPreview) -> str:
    paid = {name: usd for name, usd in preview.estimate.per_provider_usd.items() if usd > 0}
    if not paid:
        return i18n.get("batch-cost-free")
    lines = [
        i18n.get("batch-cost-line", provider=name, usd=f"{usd:.2f}") for name, usd in paid.items()
    ]
    total = preview.estimate.total_usd
    return ", ".join(lines) + f" = ${total:.2f}"


def summary_text(i18n: I18nContext, data: dict[str, Any], preview: BatchPreview) -> str:
    voices = {int(i): str(name) for i, name in data["voices"]} | {0: i18n.get("voice-stock")}
    cast = {int(i): str(name) for i, name in data["characters"]}
    cast[0] = i18n.get("character-none")
    status = preview.status
    limit = status.plan.shorts_per_month
    choice, counter = shown(data)
    return i18n.get(
        "batch-summary-before",
        count=preview.count,
        duration=data["duration"],
        style=i18n.get(f"style-{data['style']}"),
        tone=i18n.get(f"tone-{data['tone']}"),
        voice=html.quote(voices.get(data["voice_id"], "?")),
        character=html.quote(cast.get(data["character_id"], "?")),
        captions=captions.summary_text(i18n, choice, counter=counter),
        minutes=max(1, round(preview.estimate.seconds / 60)),
        workers=preview.workers,
        measured="yes" if preview.estimate.measured else "no",
        cost=_cost(i18n, preview),
        plan=i18n.get("plan-name", plan=status.plan.code.value),
        left="∞" if limit is None else max(0, limit - status.shorts_used),
        limit="∞" if limit is None else limit,
    )


async def show_batch_summary(
    query: CallbackQuery,
    data: dict[str, Any],
    i18n: I18nContext,
    *,
    session: AsyncSession,
    user: User,
    settings: Settings,
    ai_pictures: bool,
) -> None:
    options = batch_options(data, user, ai_pictures)
    preview = await preview_batch(
        session, user.id, batch_topics(data), options, settings=settings, now=utcnow(),
        workers=settings.jobs.render_concurrency,
    )  # fmt: skip
    offline_art = images_choice(data, ai_pictures) == "offline" if ai_pictures else None
    markup = batch_keyboards.start(
        i18n,
        look=shown(data)[0].look,
        offline_art=offline_art,
        price=settings.providers.fal.price_per_image,
    )
    if isinstance(query.message, Message):
        await query.message.edit_text(summary_text(i18n, data, preview), reply_markup=markup)
