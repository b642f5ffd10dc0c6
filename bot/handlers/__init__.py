"""All routers in order: /cancel first, features, errors, the catch-all last."""

from aiogram import F, Router
from aiogram.enums import ChatType

from bot.handlers import (
    accounts,
    admin,
    analytics,
    api_keys,
    batch,
    batch_download,
    batch_publish,
    batch_run,
    cancel,
    channel_reactions,
    character,
    character_card,
    character_create,
    character_variations,
    errors,
    fallback,
    ideas,
    new_project,
    new_project_captions,
    new_project_cast,
    new_project_pictures,
    new_project_voiceover,
    payments,
    payments_admin,
    plan,
    post_texts,
    preview,
    privacy,
    publications,
    publish,
    retry,
    schedule,
    shorts,
    start,
    thumbnails,
    tiktok_post,
    timezone,
    usage,
    voice_clone,
    voice_samples,
    voice_settings,
)
from core.settings import BotSettings


def get_routers(settings: BotSettings) -> list[Router]:
    """Fresh routers (a router joins one dispatcher only), filtered to private chats."""
    admin_router = admin.create_router()
    admin_router.message.filter(F.from_user.id.in_(set(settings.admin_ids)))
    grant_router = payments_admin.create_router()
    grant_router.message.filter(F.from_user.id.in_(set(settings.admin_ids)))
    routers = [
        cancel.create_router(),
        start.create_router(),
        privacy.create_router(),  # a command that works in any conversation state
        admin_router,
        grant_router,
        payments.create_router(),  # a payment arrives whatever conversation is open
        plan.create_router(),
        api_keys.create_router(),
        batch.create_router(),  # before New Short: its settings steps are New Short's
        new_project.create_router(),
        batch_run.create_router(),
        batch_download.create_router(),
        batch_publish.create_router(),
        new_project_cast.create_router(),
        new_project_pictures.create_router(),
        new_project_captions.create_router(),
        new_project_voiceover.create_router(),
        preview.create_router(),
        thumbnails.create_router(),
        publish.create_router(),
        schedule.create_router(),
        post_texts.create_router(),
        tiktok_post.create_router(),
        publications.create_router(),
        accounts.create_router(),
        timezone.create_router(),
        retry.create_router(),
        shorts.create_router(),
        voice_samples.create_router(),
        voice_clone.create_router(),
        voice_settings.create_router(),
        character_create.create_router(),  # before `character`, whose re-prompt is broad
        character.create_router(),
        character_card.create_router(),
        character_variations.create_router(),
        usage.create_router(),
        analytics.create_router(),
        ideas.create_router(),
        fallback.create_router(),
    ]
    for router in routers:
        router.message.filter(F.chat.type == ChatType.PRIVATE)
        router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    # Channel updates come from no person: outside the private-chat filter.
    return [*routers, channel_reactions.create_router(), errors.create_router()]
