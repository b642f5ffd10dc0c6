"""TikTok: Login Kit OAuth (hex PKCE, rotating refresh tokens) and Direct Post publishing.
Why a thin aiohttp adapter and not an SDK: see publishers.tiktok.publisher."""

from publishers.tiktok.creator import CreatorInfo
from publishers.tiktok.limits import TIKTOK_LIMITS
from publishers.tiktok.oauth import TikTokOAuth
from publishers.tiktok.publisher import TikTokPublisher

__all__ = ["TIKTOK_LIMITS", "CreatorInfo", "TikTokOAuth", "TikTokPublisher"]
