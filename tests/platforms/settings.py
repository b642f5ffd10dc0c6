"""`Settings` whose publishers, bot and web app point at the five emulators (client IDs and
secrets they accept, a token key), and every secret the emulators ever issued."""

from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from pydantic import SecretStr

from core.publisher_settings import (
    InstagramSettings,
    PublishersSettings,
    PublishQuotaSettings,
    WebSettings,
    XSettings,
    YouTubeSettings,
)
from core.settings import BotSettings, DbSettings, JobsSettings, Settings, StorageSettings
from tests.emulators.instagram import emulator as instagram_emulator
from tests.emulators.tiktok import CLIENT_SECRET as TIKTOK_SECRET
from tests.emulators.x import CLIENT_ID as X_CLIENT_ID
from tests.emulators.x import CLIENT_SECRET as X_SECRET
from tests.emulators.youtube import CLIENT_ID as YOUTUBE_CLIENT_ID
from tests.emulators.youtube import CLIENT_SECRET as YOUTUBE_SECRET
from tests.platforms.emulators import Emulators


def platform_settings(
    emulators: Emulators, *, db_url: str, folder: Path, web_url: str,
    quotas: PublishQuotaSettings | None = None, **sections: Any,
) -> Settings:  # fmt: skip
    """Settings of one process of the world: its database, store (`folder/storage`), the web
    app at `web_url` (media URLs signed with a fixed key), every platform at its emulator."""
    youtube, telegram = emulators.youtube, emulators.telegram
    publishers = PublishersSettings(
        token_keys=[SecretStr(Fernet.generate_key().decode())],
        secrets_dir=folder / "secrets",
        refresh_margin_s=60,
        youtube=YouTubeSettings(
            client_id=YOUTUBE_CLIENT_ID,
            client_secret=SecretStr(YOUTUBE_SECRET),
            auth_url=youtube.auth_url,
            token_url=youtube.token_url,
            revoke_url=youtube.revoke_url,
            api_url=youtube.base_url,
        ),
        instagram=InstagramSettings(**emulators.instagram.settings_values()),
        tiktok=emulators.tiktok.settings(),
        x=XSettings(
            client_id=X_CLIENT_ID,
            client_secret=SecretStr(X_SECRET),
            auth_url=emulators.x.auth_url,
            api_url=emulators.x.base_url,
        ),
        quotas=quotas or PublishQuotaSettings(),
    )
    values: dict[str, Any] = {
        "db": DbSettings(url=SecretStr(db_url)),
        "storage": StorageSettings(root=folder / "storage"),
        "bot": BotSettings(token=SecretStr(telegram.token), api_url=telegram.base_url),
        "web": WebSettings(public_url=web_url, secret_key=SecretStr("world-web-key-0123456789")),
        "publishers": publishers,
        "jobs": JobsSettings(scheduler_interval_s=5, reaper_interval_s=3600),
    } | sections
    return Settings(**values)


def issued_secrets(emulators: Emulators) -> set[str]:
    """Every access token, refresh token and client secret the five emulators issued or
    accept (the bot's token by its secret half): what must never reach a log."""
    found = {YOUTUBE_SECRET, TIKTOK_SECRET, X_SECRET, instagram_emulator.CLIENT_SECRET}
    google = emulators.youtube.oauth
    for grant in google.grants:
        found |= {grant.refresh_token, *grant.access_tokens}
    found |= google.dead_refresh_tokens
    found |= set(emulators.instagram.world.tokens)
    tiktok = emulators.tiktok.state
    found |= set(tiktok.access) | set(tiktok.refresh)
    for x_grant in emulators.x.state.grants:
        found |= {x_grant.access_token, *x_grant.old_access_tokens}
        if x_grant.refresh_token:
            found.add(x_grant.refresh_token)
    found.add(emulators.telegram.token.split(":", 1)[1])
    return {secret for secret in found if secret}
