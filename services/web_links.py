"""The web app's public addresses and the signer of their tokens, as the services need them:
connect links for the bot, OAuth redirect URIs, signed media URLs."""

from dataclasses import dataclass
from datetime import datetime

from core.enums import Platform
from core.settings import Settings
from core.signing import Signer, web_signer


@dataclass(frozen=True, slots=True)
class WebLinks:
    public_url: str  # WEB__PUBLIC_URL, without a trailing slash
    signer: Signer
    state_ttl_s: int = 900
    media_ttl_s: int = 3600

    def now(self) -> datetime:
        return self.signer.clock()

    def start_url(self, platform: Platform, flow: str) -> str:
        return f"{self.public_url}/oauth/{platform.value}/start?flow={flow}"

    def callback_url(self, platform: Platform) -> str:
        """The redirect URI registered with the platform's app."""
        return f"{self.public_url}/oauth/{platform.value}/callback"

    def media_url(self, token: str) -> str:
        return f"{self.public_url}/media/{token}"


def web_links(settings: Settings) -> WebLinks:
    """The process's links (the composition roots call this once)."""
    web = settings.web
    return WebLinks(
        public_url=web.public_url.rstrip("/"),
        signer=web_signer(web, settings.publishers.secrets_dir),
        state_ttl_s=web.oauth_state_ttl_s,
        media_ttl_s=web.media_url_ttl_s,
    )
