"""X (Twitter) API v2: OAuth 2.0 with PKCE, chunked video upload, the post, reconciliation.

`XOAuthClient` connects accounts, `XPublisher` publishes, `weighted_length` is X's count of
a post's text (its 280 limit; `X_LIMITS.caption_length` uses it in `check_draft`).
"""

from publishers.x.oauth import SCOPES, XOAuthClient
from publishers.x.publisher import X_LIMITS, XPublisher
from publishers.x.text import MAX_WEIGHTED_LENGTH, weighted_length

__all__ = [
    "MAX_WEIGHTED_LENGTH",
    "SCOPES",
    "X_LIMITS",
    "XOAuthClient",
    "XPublisher",
    "weighted_length",
]
