"""Which platforms this deployment offers, built from settings: a platform's OAuth client
exists once its `PUBLISHERS__<PLATFORM>__CLIENT_ID` and `__CLIENT_SECRET` are set; its
publisher always (a publication on an account that was connected keeps working). Telegram
channels need no OAuth: the bot posts with its own token (`BotTokenCredentials`)."""

from dataclasses import dataclass

from core.enums import Platform
from core.publisher_settings import OAuthAppSettings, PublishersSettings
from core.settings import BotSettings
from publishers.base import Publisher
from publishers.instagram import InstagramOAuth, InstagramPublisher
from publishers.instagram.metrics import InstagramMetricsReader
from publishers.limits import PlatformLimits
from publishers.metrics import MetricsReader
from publishers.oauth import OAuthClient
from publishers.telegram_channel import TelegramChannelPublisher
from publishers.tiktok import TikTokOAuth, TikTokPublisher
from publishers.tiktok.metrics import TikTokMetricsReader
from publishers.x import XOAuthClient, XPublisher
from publishers.x.metrics import XMetricsReader
from publishers.youtube import YouTubeOAuth, YouTubePublisher
from publishers.youtube.metrics import YouTubeMetricsReader

# Each platform's limits on the file and the text, as its publisher checks them.
PLATFORM_LIMITS: dict[Platform, PlatformLimits] = {
    Platform.YOUTUBE: YouTubePublisher.limits,
    Platform.INSTAGRAM: InstagramPublisher.limits,
    Platform.TIKTOK: TikTokPublisher.limits,
    Platform.X: XPublisher.limits,
    Platform.TELEGRAM: TelegramChannelPublisher.limits,
}


def _configured(app: OAuthAppSettings) -> bool:
    return bool(app.client_id) and app.client_secret is not None


def oauth_clients(settings: PublishersSettings) -> dict[Platform, OAuthClient]:
    """The OAuth client of every configured platform."""
    clients: dict[Platform, OAuthClient] = {}
    if _configured(settings.youtube):
        clients[Platform.YOUTUBE] = YouTubeOAuth(settings.youtube)
    if _configured(settings.instagram):
        clients[Platform.INSTAGRAM] = InstagramOAuth(settings.instagram)
    if _configured(settings.tiktok):
        clients[Platform.TIKTOK] = TikTokOAuth(settings.tiktok)
    if _configured(settings.x):
        clients[Platform.X] = XOAuthClient.from_settings(settings.x)
    return clients


def publishers(settings: PublishersSettings, bot: BotSettings) -> dict[Platform, Publisher]:
    """One publisher per platform."""
    return {
        Platform.YOUTUBE: YouTubePublisher(settings.youtube),
        Platform.INSTAGRAM: InstagramPublisher(settings.instagram),
        Platform.TIKTOK: TikTokPublisher(settings.tiktok),
        Platform.X: XPublisher.from_settings(settings.x),
        Platform.TELEGRAM: TelegramChannelPublisher.from_settings(bot, settings.telegram),
    }


def metrics_readers(settings: PublishersSettings) -> dict[Platform, MetricsReader]:
    """Each platform's metrics reader. Telegram has none: the Bot API gives bots no view
    counts (reactions arrive as updates instead: services/telegram_reactions.py)."""
    return {
        Platform.YOUTUBE: YouTubeMetricsReader(settings.youtube),
        Platform.INSTAGRAM: InstagramMetricsReader(settings.instagram),
        Platform.TIKTOK: TikTokMetricsReader(settings.tiktok),
        Platform.X: XMetricsReader(settings.x),
    }


@dataclass(frozen=True, slots=True)
class BotTokenCredentials:
    """A Telegram channel's credentials: the channel's chat ID and the bot's own token,
    which does not expire (a refused token is the operator's to fix, not the user's)."""

    account_id: str
    token: str

    def __repr__(self) -> str:
        return f"BotTokenCredentials(account_id={self.account_id!r})"

    async def access_token(self) -> str:
        return self.token

    async def refresh_after_rejection(self, rejected: str) -> str:
        del rejected
        return self.token
