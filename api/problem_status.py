"""Which HTTP status each domain error answers with: by class, most specific first."""

from api.body_limit import PayloadTooLarge
from core.account_errors import (
    ChannelConnectsInBot,
    ConnectLinkExpired,
    ConnectLinkInvalid,
    MediaLinkExpired,
    MediaLinkInvalid,
    PlatformNotOffered,
)
from core.errors import DomainError, InvalidInput, MediaUnreadable, NotFound, UnsupportedLanguage
from core.provider_errors import ProviderError
from services.api_keys import ApiKeyInvalid, ApiNotInPlan, TooManyKeys
from services.batch_errors import BatchNeedsVoice
from services.batches import BatchEmpty, NothingToRetry
from services.character_variations import VariationNotOffered
from services.limits import TooManyUnfinished, UserBlocked
from services.plan_errors import (
    BatchNotInPlan,
    BatchTooLarge,
    PlanLimitReached,
    PlatformNotInPlan,
    ShortsQuotaReached,
)
from services.publish_plans import DisclosureUnanswered, NothingPicked, TextTooLong
from services.publish_requests import (
    EditNotPicked,
    NoAccountOn,
    PrivacyNotOffered,
    TitleNotOffered,
)
from services.publish_slots import TimeInPast
from services.review import PreviewNotReady, ProjectBusy, ShortAlreadyMade
from services.tiktok_post import (
    TikTokBrandedPrivate,
    TikTokCannotPost,
    TikTokDisclosureIncomplete,
    TikTokPrivacyMissing,
    TikTokTooLong,
)
from services.voice_uploads import VoiceBeingMade
from storage.errors import ObjectNotFound

_STATUS: tuple[tuple[type[DomainError] | tuple[type[DomainError], ...], int], ...] = (
    (ApiKeyInvalid, 401),
    ((ApiNotInPlan, UserBlocked, MediaLinkInvalid, ConnectLinkInvalid), 403),
    ((PlatformNotInPlan, BatchNotInPlan, BatchTooLarge, PlanLimitReached), 403),
    (ShortsQuotaReached, 403),
    (VariationNotOffered, 422),  # a NotFound for the bot; a named kind is bad input here
    ((NotFound, ObjectNotFound), 404),
    ((ProjectBusy, PreviewNotReady, ShortAlreadyMade, TooManyUnfinished, NothingToRetry), 409),
    ((MediaLinkExpired, ConnectLinkExpired), 410),
    ((TooManyKeys, TikTokCannotPost, VoiceBeingMade), 409),
    (PayloadTooLarge, 413),
    ((InvalidInput, UnsupportedLanguage, MediaUnreadable, TimeInPast, TextTooLong), 422),
    ((NothingPicked, DisclosureUnanswered, BatchEmpty, BatchNeedsVoice), 422),
    ((PlatformNotOffered, ChannelConnectsInBot), 422),
    ((NoAccountOn, PrivacyNotOffered, EditNotPicked, TitleNotOffered), 422),
    ((TikTokPrivacyMissing, TikTokDisclosureIncomplete, TikTokBrandedPrivate, TikTokTooLong), 422),
)


def status_of(error: DomainError) -> int:
    for kinds, status in _STATUS:
        if isinstance(error, kinds):
            return status
    if isinstance(error, ProviderError):
        return 503 if error.transient else 502
    return 503 if error.transient else 400
