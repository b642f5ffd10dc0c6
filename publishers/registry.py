"""Which platforms this deployment offers, built from settings: a platform's OAuth client
exists once its `PUBLISHERS__<PLATFORM>__CLIENT_ID` and `__CLIENT_SECRET` are set; its
publisher always (a publication on an account that was connected keeps working)."""

from core.enums import Platform
from core.publisher_settings import OAuthAppSettings, PublishersSettings
from publishers.base import Publisher
from publishers.instagram import InstagramOAuth, InstagramPublisher
from publishers.oauth import OAuthClient
from publishers.tiktok import TikTokOAuth, TikTokPublisher


def _configured(app: OAuthAppSettings) -> bool:
    return bool(app.client_id) and app.client_secret is not None


def oauth_clients(settings: PublishersSettings) -> dict[Platform, OAuthClient]:
    """The OAuth client of every configured platform (Telegram channels need none)."""
    clients: dict[Platform, OAuthClient] = {}
    if _configured(settings.instagram):
        clients[Platform.INSTAGRAM] = InstagramOAuth(settings.instagram)
    if _configured(settings.tiktok):
        clients[Platform.TIKTOK] = TikTokOAuth(settings.tiktok)
    return clients


def publishers(settings: PublishersSettings) -> dict[Platform, Publisher]:
    """One publisher per platform."""
    return {
        Platform.INSTAGRAM: InstagramPublisher(settings.instagram),
        Platform.TIKTOK: TikTokPublisher(settings.tiktok),
    }
