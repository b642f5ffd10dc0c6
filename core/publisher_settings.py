"""Settings of the web app and of the publishers (`WEB__...`, `PUBLISHERS__<PLATFORM>__...`).

Every base URL is a setting, so any server speaking a platform's protocol (the emulators in
tests/emulators/) can stand in for it.
"""

from pathlib import Path

from pydantic import BaseModel, Field, SecretStr


class WebSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    # The address platforms and users reach the web app at: OAuth redirect URIs and signed
    # media URLs are built from it (behind a proxy: the proxy's https address).
    public_url: str = "http://127.0.0.1:8080"
    # Web processes on the port (production, with Redis): each serves requests on one core.
    workers: int = Field(default=1, ge=1, le=64)
    # Signs OAuth `state` and media URLs. None: a random key kept in `secrets_dir`.
    secret_key: SecretStr | None = None
    oauth_state_ttl_s: int = Field(default=900, ge=60, le=86_400)
    media_url_ttl_s: int = Field(default=3600, ge=60, le=7 * 86_400)


class OAuthAppSettings(BaseModel):
    client_id: str | None = None  # None: the platform is not offered
    client_secret: SecretStr | None = None


class YouTubeSettings(OAuthAppSettings):
    auth_url: str = "https://accounts.google.com/o/oauth2/v2/auth"
    token_url: str = "https://oauth2.googleapis.com/token"  # noqa: S105 (a URL)
    revoke_url: str = "https://oauth2.googleapis.com/revoke"
    # The Data API under /youtube/v3/, uploads under /upload/youtube/v3/videos.
    api_url: str = "https://www.googleapis.com"
    # The daily upload quota is counted ahead in PUBLISHERS__QUOTAS__YOUTUBE_DAILY_UPLOADS.


class InstagramSettings(OAuthAppSettings):
    """Instagram API with Instagram Login (no Facebook Page needed)."""

    auth_url: str = "https://www.instagram.com/oauth/authorize"
    token_url: str = "https://api.instagram.com/oauth/access_token"  # noqa: S105
    graph_url: str = "https://graph.instagram.com"
    graph_version: str = "v23.0"
    upload_url: str = "https://rupload.facebook.com/ig-api-upload"


class TikTokSettings(OAuthAppSettings):
    """`client_id` is TikTok's client key."""

    auth_url: str = "https://www.tiktok.com/v2/auth/authorize/"
    api_url: str = "https://open.tiktokapis.com"


class XSettings(OAuthAppSettings):
    auth_url: str = "https://x.com/i/oauth2/authorize"
    api_url: str = "https://api.x.com"


class TelegramChannelSettings(BaseModel):
    """Channels are posted to by the bot itself (`BOT__TOKEN`, `BOT__API_URL`)."""

    # The cloud Bot API takes uploads up to 50 MB; a local Bot API server up to 2000 MB.
    max_upload_mb: int = Field(default=50, ge=1, le=2000)


class PublishQuotaSettings(BaseModel):
    """Each platform's publishing quota per account, counted ahead so a post that would
    exceed it is scheduled for the next window instead of sent to fail. The platforms change
    these numbers; set them to what your app was granted."""

    # YouTube: `videos.insert` calls per day, reset at midnight Pacific time.
    youtube_daily_uploads: int = Field(default=100, ge=1)
    # Instagram: posts per rolling 24 h (the API's content_publishing_limit says the truth).
    instagram_daily_posts: int = Field(default=50, ge=1)
    # TikTok: video/init calls per rolling minute, and posts per rolling 24 h.
    tiktok_inits_per_minute: int = Field(default=6, ge=1)
    tiktok_daily_posts: int = Field(default=15, ge=1)
    # X: posts per user per rolling 24 h.
    x_daily_posts: int = Field(default=100, ge=1)


class PublishersSettings(BaseModel):
    # Fernet keys for the tokens at rest, newest first (rotation: put a new key first, run
    # `python -m cli tokens rotate`, then drop the old key). Empty: one random key kept in
    # `secrets_dir`.
    token_keys: list[SecretStr] = Field(default_factory=list)
    secrets_dir: Path = Path("data/secrets")
    # Refresh an access token this long before it expires.
    refresh_margin_s: int = Field(default=300, ge=0, le=3600)
    youtube: YouTubeSettings = YouTubeSettings()
    instagram: InstagramSettings = InstagramSettings()
    tiktok: TikTokSettings = TikTokSettings()
    x: XSettings = XSettings()
    telegram: TelegramChannelSettings = TelegramChannelSettings()
    quotas: PublishQuotaSettings = PublishQuotaSettings()
