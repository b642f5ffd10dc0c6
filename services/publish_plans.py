"""The chat's publish screen: which of the person's accounts a Short can go to, each
platform's text (made from the script, editable), and publishing what they picked.

TikTok is offered only where its post screen can be shown (services.tiktok_post: the server
has TikTok's app, so creator_info can be asked); its choices come from that screen.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ArtifactKind, Platform, ProjectStatus
from core.errors import DomainError, InvalidInput, NotFound
from core.ports import JobQueue
from core.post_options import PostChoices
from db.models import Project, User
from db.queries import artifacts, publications, scripts, users
from publishers.base import PostDraft
from publishers.limits import MediaNotAccepted, check_draft
from services.owned import owned_project
from services.post_limits import TEXT_LIMITS
from services.post_texts import default_choices
from services.publishing import publish_short
from services.tiktok_post import TikTokPicks, post_options

TIKTOK = Platform.TIKTOK


class TextTooLong(DomainError):
    """A caption over the platform's limit (in characters, or bytes for YouTube)."""

    key = "error-post-caption-too-long"
    template = "{platform}: the caption is {actual} long, the limit is {limit}"


class TitleTooLong(TextTooLong):
    key = "error-post-title-too-long"
    template = "{platform}: the title is {actual} long, the limit is {limit}"


class TooManyHashtags(TextTooLong):
    key = "error-post-hashtags-too-many"
    template = "{platform}: {actual} hashtags, the limit is {limit}"


TEXT_ERRORS: dict[str, type[TextTooLong]] = {
    "caption": TextTooLong, "title": TitleTooLong, "hashtags": TooManyHashtags,
}  # fmt: skip


class NothingPicked(DomainError):
    key = "error-publish-nothing-picked"
    template = "no account was picked"


class DisclosureUnanswered(DomainError):
    key = "error-publish-ai-unanswered"
    template = "the AI-generated label was not chosen yet"


@dataclass(frozen=True, slots=True)
class PickableAccount:
    id: int
    platform: Platform
    name: str


@dataclass(frozen=True, slots=True)
class PublishScreen:
    project_id: int
    title: str
    accounts: tuple[PickableAccount, ...]  # active, offered here
    left_out: tuple[PickableAccount, ...]  # active, but not offered in the chat (TikTok)
    captions: dict[Platform, str]  # the default text per platform of `accounts`
    ai_disclosure: bool | None  # None: ask before the first publication
    timezone: str | None
    duration_s: float  # the video's (TikTok caps it per creator)


async def finished_short(
    session: AsyncSession, user_id: int, project_id: int
) -> tuple[Project, User]:
    project = await owned_project(session, user_id, project_id)
    if project.status is not ProjectStatus.DONE:
        raise InvalidInput(what="Short", reason="it is not finished yet")
    user = await users.get_user(session, user_id)
    if user is None:
        raise NotFound(what="user")
    return project, user


async def post_defaults(
    session: AsyncSession, user: User, project: Project, platforms: set[Platform]
) -> tuple[str, dict[Platform, PostChoices]]:
    """The Short's title and each platform's default post, from its script."""
    script = await scripts.get_script(session, project.id, user.id)
    title = script.title if script else project.topic
    return title, {
        platform: default_choices(
            platform,
            TEXT_LIMITS[platform],
            title=title,
            description=script.description if script else "",
            hashtags=script.hashtags if script else [],
            ai_generated=bool(user.ai_disclosure),
        )
        for platform in platforms
    }


async def publish_screen(
    session: AsyncSession, user_id: int, project_id: int, *, with_tiktok: bool = False
) -> PublishScreen:
    """What the picker shows for the user's finished Short (TikTok accounts are left out
    without `with_tiktok`: see the module's docstring)."""
    project, user = await finished_short(session, user_id, project_id)
    active = [
        PickableAccount(a.id, a.platform, a.name)
        for a in await publications.active_accounts(session, user_id)
    ]
    left_out = () if with_tiktok else tuple(a for a in active if a.platform is TIKTOK)
    offered = tuple(a for a in active if a not in left_out)
    title, defaults = await post_defaults(session, user, project, {a.platform for a in offered})
    return PublishScreen(
        project_id=project.id, title=title,
        accounts=offered, left_out=left_out,
        captions={p: c.caption for p, c in defaults.items()},
        ai_disclosure=user.ai_disclosure, timezone=user.timezone,
        duration_s=await video_duration(session, user.id, project),
    )  # fmt: skip


async def video_duration(session: AsyncSession, user_id: int, project: Project) -> float:
    """The rendered video's length; the target length when it was not measured."""
    for item in await artifacts.list_artifacts(session, project.id, user_id):
        if item.kind is ArtifactKind.VIDEO and item.index == 0 and item.duration:
            return float(item.duration)
    return float(project.target_duration)


def check_post_text(platform: Platform, text: str) -> str:
    """`text` as the platform's caption; TextTooLong names what breaks which limit."""
    caption = text.strip()
    if not caption:
        raise InvalidInput(what="text", reason="it is empty")
    try:
        check_draft(platform.value, TEXT_LIMITS[platform], PostDraft(title="", caption=caption))
    except MediaNotAccepted as error:
        kind = TEXT_ERRORS.get(str(error.params["what"]), TextTooLong)
        params = {"actual": str(error.params["actual"]), "limit": str(error.params["limit"])}
        raise kind(platform=platform.value, **params) from error
    return caption


async def publish_picked(
    session: AsyncSession,
    user_id: int,
    project_id: int,
    account_ids: Sequence[int],
    captions: Mapping[str, str],
    *,
    when: datetime | None,
    queue: JobQueue,
    tiktok: Mapping[int, TikTokPicks] | None = None,
) -> list[PickableAccount]:
    """Publish the Short to the picked accounts now (`when` None) or at `when`, each with
    its platform's text (`captions` by platform value overrides the default) and, for a
    TikTok account, the choices its post screen took (`tiktok`, checked there; without them
    TikTok accounts are not offered). Returns the accounts it now goes to (not those that
    already had it live)."""
    project, user = await finished_short(session, user_id, project_id)
    if not account_ids:
        raise NothingPicked
    if user.ai_disclosure is None:
        raise DisclosureUnanswered
    accounts = await publications.active_accounts(session, user_id, list(account_ids))
    picks = tiktok or {}
    if len(accounts) != len(set(account_ids)) or any(
        a.platform is TIKTOK and tiktok is None for a in accounts
    ):
        raise NotFound(what="account")
    _, defaults = await post_defaults(session, user, project, {a.platform for a in accounts})
    choices = {}
    for account in accounts:
        chosen = defaults[account.platform]
        if (caption := captions.get(account.platform.value)) is not None:
            caption = check_post_text(account.platform, caption)
            chosen = chosen.model_copy(update={"caption": caption})
        if account.platform is TIKTOK:
            privacy, options = post_options(picks.get(account.id, TikTokPicks()))
            chosen = chosen.model_copy(update={"privacy": privacy, "options": options})
        choices[account.id] = chosen
    made = await publish_short(session, user_id, project.id, choices, when=when, queue=queue)
    names = {a.id: a.name for a in accounts}
    return [PickableAccount(p.account_id, p.platform, names[p.account_id]) for p in made]
