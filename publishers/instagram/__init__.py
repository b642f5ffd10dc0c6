"""Instagram Reels (Instagram API with Instagram Login): `InstagramOAuth` connects an
account, `InstagramPublisher` publishes a Reel exactly once."""

from publishers.instagram.oauth import SCOPES, InstagramOAuth
from publishers.instagram.publisher import INSTAGRAM_LIMITS, InstagramPublisher

__all__ = ["INSTAGRAM_LIMITS", "SCOPES", "InstagramOAuth", "InstagramPublisher"]
