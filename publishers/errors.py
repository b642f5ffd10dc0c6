"""The publishers' errors: the provider family's kinds with publishing's own messages.

Params are always `provider` (the platform's display name) and `reason` (English, for logs;
the user reads the Fluent message named by `key`). A `reason_key`, when given, names a more
precise Fluent message (a file too long, a caption over the limit) the transports prefer.
"""

from datetime import datetime

from core.errors import DomainError
from core.provider_errors import (
    ProviderAuthExpired,
    ProviderErrors,
    ProviderRateLimited,
    ProviderRejected,
    ProviderUnavailable,
)


class PublishUnavailable(ProviderUnavailable):
    key = "error-publish-unavailable"


class PublishRateLimited(ProviderRateLimited):
    key = "error-publish-rate-limited"


class PublishRejected(ProviderRejected):
    """A definite no: the platform did not act, the same request would be refused again."""

    key = "error-publish-rejected"


class TokenRejected(ProviderAuthExpired):
    """A 401 on a call: the access token is stale or revoked. Refresh once and send again;
    only a refused refresh means the account must be connected again."""

    key = "error-publish-reconnect"


class ReconnectRequired(ProviderAuthExpired):
    """The platform refused the account's refresh token (`invalid_grant`, a revoked app):
    the account stops publishing until its owner connects it again."""

    key = "error-publish-reconnect"


class QuotaExhausted(PublishRateLimited):
    """The account's platform quota (YouTube units, Instagram's 24 h limit, TikTok's
    pending shares) is used up until `params["retry_at"]` (an aware datetime)."""

    key = "error-publish-quota"

    @property
    def retry_at(self) -> datetime:
        value = self.params["retry_at"]
        if not isinstance(value, datetime):
            raise TypeError("QuotaExhausted needs retry_at, an aware datetime")
        return value


class OutcomeStillUnknown(DomainError):
    """The reconciler could not tell whether a post went public; it asks again later."""

    key = "error-publish-unknown"
    template = "{provider}: not known yet whether the post went public: {reason}"
    transient = True


PUBLISH_ERRORS = ProviderErrors(
    unavailable=PublishUnavailable,
    rate_limited=PublishRateLimited,
    rejected=PublishRejected,
    auth_expired=TokenRejected,
)


class UserMustConfirm(OutcomeStillUnknown):
    """The platform cannot be asked whether the post exists (a Telegram channel's history is
    not readable by the Bot API): the publication's owner confirms or asks for a new post."""

    key = "error-publish-confirm"
    template = "{provider}: the post may be public; its owner must check: {reason}"


class PostRefused(PublishRejected):
    """The platform took the post (after the commit call) and then refused it: processing
    failed, moderation said no. Final even after the commit; nothing is public."""

    key = "error-publish-refused"
