"""TikTok's required post screen (oauth-and-publishing-rules.md, 5): creator_info queried
each time the screen is drawn (the nickname shown, the privacy levels offered with no
default, which interactions the creator turned off), and the person's choices checked:
privacy picked from the offered ones, interactions off unless turned on (and never on where
the creator disabled them), a commercial-content disclosure naming what it is, and branded
content never private."""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import AccountStatus, Platform
from core.errors import DomainError, NotFound
from core.publisher_settings import PublishersSettings
from core.token_cipher import TokenCipher
from db.queries import social_accounts
from publishers.oauth import OAuthClient
from publishers.tiktok import CreatorInfo, TikTokPublisher
from services.account_credentials import open_credentials
from services.web_links import WebLinks

INTERACTIONS = ("allow_comment", "allow_duet", "allow_stitch")
DISCLOSURE = ("disclose", "brand_organic", "brand_content")
TOGGLES = INTERACTIONS + DISCLOSURE
SELF_ONLY = "SELF_ONLY"


class TikTokPrivacyMissing(DomainError):
    key = "error-tiktok-privacy"
    template = "TikTok: who can see the video was not chosen"


class TikTokDisclosureIncomplete(DomainError):
    key = "error-tiktok-disclosure"
    template = "TikTok: commercial content disclosed without saying whose brand"


class TikTokBrandedPrivate(DomainError):
    key = "error-tiktok-branded-private"
    template = "TikTok: branded content cannot be private"


class TikTokTooLong(DomainError):
    key = "error-tiktok-too-long"
    template = "TikTok: the video is {duration} s, this creator may post at most {limit} s"


class TikTokCannotPost(DomainError):
    key = "error-tiktok-cannot-post"
    template = "TikTok: the creator cannot post now"


@dataclass(frozen=True, slots=True)
class TikTokPicks:
    privacy: str | None = None
    toggles: frozenset[str] = frozenset()

    @classmethod
    def of(cls, data: Mapping[str, object]) -> "TikTokPicks":
        privacy, raw = data.get("privacy"), data.get("toggles")
        names = raw if isinstance(raw, list | tuple) else ()
        return cls(
            privacy=str(privacy) if privacy else None,
            toggles=frozenset(str(t) for t in names if t in TOGGLES),
        )

    def dump(self) -> dict[str, object]:
        return {"privacy": self.privacy, "toggles": sorted(self.toggles)}


async def tiktok_creator(
    sessionmaker: async_sessionmaker[AsyncSession], user_id: int, account_id: int, *,
    clients: Mapping[Platform, OAuthClient], http: aiohttp.ClientSession, cipher: TokenCipher,
    settings: PublishersSettings, web: WebLinks | None = None,
) -> CreatorInfo:  # fmt: skip
    """The creator behind the user's active TikTok account, asked now (NotFound for
    another user's account or one that is not TikTok's)."""
    async with sessionmaker() as session:
        account = await social_accounts.get_account(session, user_id, account_id)
    if (
        account is None
        or account.platform is not Platform.TIKTOK
        or (account.status is not AccountStatus.ACTIVE)
    ):
        raise NotFound(what="account")
    credentials = await open_credentials(
        sessionmaker, user_id, account_id, clients=clients, http=http, cipher=cipher,
        margin_s=settings.refresh_margin_s, web=web,
    )  # fmt: skip
    return await TikTokPublisher(settings.tiktok).creator_info(http, credentials)


# (account ID, the picks, the video's seconds) -> the picks as they may be posted.
TikTokCheck = Callable[[int, TikTokPicks, float], Awaitable[TikTokPicks]]


def creator_check(
    sessionmaker: async_sessionmaker[AsyncSession], user_id: int, *,
    clients: Mapping[Platform, OAuthClient], http: aiohttp.ClientSession, cipher: TokenCipher,
    settings: PublishersSettings, web: WebLinks | None = None,
) -> TikTokCheck:  # fmt: skip
    """The picks checked against the creator as TikTok describes them now (for a request
    that has no post screen, as the REST API's)."""

    async def check(account_id: int, picks: TikTokPicks, duration_s: float) -> TikTokPicks:
        info = await tiktok_creator(
            sessionmaker, user_id, account_id, clients=clients, http=http, cipher=cipher,
            settings=settings, web=web,
        )  # fmt: skip
        return checked_picks(info, picks, duration_s)

    return check


def allowed(info: CreatorInfo, toggle: str) -> bool:
    """Whether the screen may turn `toggle` on (greyed where the creator disabled it)."""
    disabled = {
        "allow_comment": info.comment_disabled,
        "allow_duet": info.duet_disabled,
        "allow_stitch": info.stitch_disabled,
    }
    return not disabled.get(toggle, False)


def checked_picks(info: CreatorInfo, picks: TikTokPicks, duration_s: float) -> TikTokPicks:
    """The picks as they may be posted, or the refusal that says what is missing (or that
    the creator cannot post now, or not a video this long)."""
    if not info.privacy_level_options:
        raise TikTokCannotPost
    if info.max_video_post_duration_sec and duration_s > info.max_video_post_duration_sec:
        limit = str(info.max_video_post_duration_sec)
        raise TikTokTooLong(duration=str(round(duration_s)), limit=limit)
    if picks.privacy not in info.privacy_level_options:
        raise TikTokPrivacyMissing
    toggles = frozenset(t for t in picks.toggles if allowed(info, t))
    if "disclose" in toggles and not toggles & {"brand_organic", "brand_content"}:
        raise TikTokDisclosureIncomplete
    if "disclose" not in toggles:
        toggles -= {"brand_organic", "brand_content"}
    if "brand_content" in toggles and picks.privacy == SELF_ONLY:
        raise TikTokBrandedPrivate
    return TikTokPicks(picks.privacy, toggles)


def post_options(picks: TikTokPicks) -> tuple[str, dict[str, bool | str]]:
    """(privacy, the PostChoices options publishers.tiktok reads)."""
    if picks.privacy is None:
        raise TikTokPrivacyMissing
    options: dict[str, bool | str] = {t: t in picks.toggles for t in INTERACTIONS}
    options |= {t: t in picks.toggles for t in ("brand_organic", "brand_content")}
    return picks.privacy, options
