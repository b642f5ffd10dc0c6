"""Publishing a finished Short as the REST API asks for it: accounts picked by ID or every
active account of named platforms, the AI label answered in the request when the person
never answered it in the bot, each platform's text edited within the limits the chat
checks, now or at a time. A finished Short needs no separate approval.

The rest is `services.publishing.publish_short`'s: the plan's platforms, one live
publication per (Short, account), one commit, then the jobs.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform, ProjectOrigin
from core.errors import DomainError, NotFound
from core.ports import JobQueue
from core.post_options import PostChoices
from db.models import SocialAccount
from db.models.publication import Publication
from db.queries import publications, scripts
from publishers.base import PostDraft
from publishers.limits import MediaNotAccepted, check_draft
from publishers.youtube.metadata import PRIVACY as YOUTUBE_PRIVACY
from services.post_limits import TEXT_LIMITS
from services.post_texts import join_caption, platform_hashtags
from services.publish_plans import (
    DisclosureUnanswered,
    NothingPicked,
    TitleTooLong,
    check_post_text,
    finished_short,
    post_defaults,
    video_duration,
)
from services.publish_slots import check_future
from services.publishing import publish_short
from services.tiktok_post import TikTokCheck, TikTokPicks, post_options


class AiLabelNotSent(DisclosureUnanswered):
    key = "error-publish-ai-field-missing"
    template = "whether the video is labelled AI-generated was never answered: send {field}"


class NoAccountOn(DomainError):
    key = "error-publish-no-account"
    template = "no connected {platform} account; connect one first"


class PrivacyNotOffered(DomainError):
    key = "error-publish-privacy-not-offered"
    template = "{platform}: privacy {privacy} is not offered (offered: {offered})"


class EditNotPicked(DomainError):
    key = "error-publish-edit-not-picked"
    template = "{platform}: metadata given, but no {platform} account is picked"


class TitleNotOffered(DomainError):
    key = "error-publish-title-not-offered"
    template = "{platform} posts have no title"


@dataclass(frozen=True, slots=True)
class PostEdits:
    """What a request changes in one platform's post; None keeps the script's."""

    title: str | None = None
    description: str | None = None
    tags: Sequence[str] | None = None
    privacy: str | None = None


@dataclass(frozen=True, slots=True)
class PublishRequest:
    platforms: frozenset[Platform] = frozenset()
    account_ids: tuple[int, ...] = ()
    when: datetime | None = None  # None: now
    edits: Mapping[Platform, PostEdits] = field(default_factory=dict)
    ai_generated: bool | None = None  # None: the person's answer from the bot


# Privacy values a platform takes as they are; TikTok's come from its creator_info.
PRIVACY: Mapping[Platform, frozenset[str]] = {Platform.YOUTUBE: YOUTUBE_PRIVACY}


async def _accounts(
    session: AsyncSession, user_id: int, request: PublishRequest
) -> list[SocialAccount]:
    ids = list(dict.fromkeys(request.account_ids))
    picked = list(await publications.active_accounts(session, user_id, ids)) if ids else []
    if len(picked) != len(ids):
        raise NotFound(what="account")
    if request.platforms:
        active = await publications.active_accounts(session, user_id)
        for platform in sorted(request.platforms):
            of_platform = [a for a in active if a.platform is platform]
            if not of_platform:
                raise NoAccountOn(platform=platform.value)
            picked += [a for a in of_platform if a not in picked]
    if not picked:
        raise NothingPicked
    return picked


def check_post_title(platform: Platform, text: str) -> str:
    limits = TEXT_LIMITS[platform]
    if limits.max_title_chars is None:
        raise TitleNotOffered(platform=platform.value)
    title = text.strip()
    try:
        check_draft(platform.value, limits, PostDraft(title=title, caption=""))
    except MediaNotAccepted as error:
        params = {"actual": str(error.params["actual"]), "limit": str(error.params["limit"])}
        raise TitleTooLong(platform=platform.value, **params) from error
    return title


def _privacy(platform: Platform, privacy: str | None) -> dict[str, object]:
    if platform is Platform.TIKTOK:  # no default: the request must choose
        chosen, options = post_options(TikTokPicks(privacy=privacy))
        return {"privacy": chosen, "options": options}
    if privacy is None:
        return {}
    offered = PRIVACY.get(platform)
    if not offered or privacy not in offered:
        names = ", ".join(sorted(offered)) if offered else "none"
        raise PrivacyNotOffered(platform=platform.value, privacy=privacy, offered=names)
    return {"privacy": privacy}


def _edited(
    platform: Platform, chosen: PostChoices, edits: PostEdits, script: tuple[str, list[str]]
) -> PostChoices:
    update = _privacy(platform, edits.privacy)
    if edits.title is not None:
        update["title"] = check_post_title(platform, edits.title)
    if edits.description is not None or edits.tags is not None:
        body = (edits.description if edits.description is not None else script[0]).strip()
        tags = platform_hashtags(platform, edits.tags if edits.tags is not None else script[1])
        update["caption"] = check_post_text(platform, join_caption(body, tags))
    return chosen.model_copy(update=update)


async def publish_request(
    session: AsyncSession, user_id: int, project_id: int, request: PublishRequest, *,
    queue: JobQueue, now: datetime, tiktok: TikTokCheck | None = None,
) -> list[Publication]:  # fmt: skip
    """Publish the user's finished Short as `request` says. Returns the new publications
    (accounts where it is already live are left as they are). Nothing is written when any
    part is refused; an AI answer given here, never given in the bot, is kept as theirs.
    TikTok accounts need `tiktok`, which checks the picks with the creator."""
    project, user = await finished_short(session, user_id, project_id)
    if request.when is not None:
        check_future(request.when, now)
    accounts = await _accounts(session, user_id, request)
    if stray := set(request.edits) - {a.platform for a in accounts}:
        raise EditNotPicked(platform=min(stray).value)
    ai = user.ai_disclosure if request.ai_generated is None else request.ai_generated
    if ai is None:
        raise AiLabelNotSent(field="ai_generated (true or false)")
    if user.ai_disclosure is None:  # the question the bot asks once, answered here
        user.ai_disclosure = ai
    _, defaults = await post_defaults(session, user, project, {a.platform for a in accounts})
    script = await scripts.get_script(session, project.id, user_id)
    words = (script.description, list(script.hashtags)) if script else (project.topic, [])
    choices = {}
    for account in accounts:
        chosen = defaults[account.platform].model_copy(update={"ai_generated": ai})
        edits = request.edits.get(account.platform, PostEdits())
        choices[account.id] = _edited(account.platform, chosen, edits, words)
        if account.platform is Platform.TIKTOK:
            if tiktok is None:
                raise NotFound(what="account")  # as in the chat without a post screen
            seconds = await video_duration(session, user_id, project)
            await tiktok(account.id, TikTokPicks(privacy=edits.privacy), seconds)
    made = await publish_short(
        session, user_id, project.id, choices, when=request.when, queue=queue,
        origin=ProjectOrigin.API,
    )  # fmt: skip
    return list(made)
