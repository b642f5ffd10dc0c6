"""Who pays for a studio request made outside the bot (the REST API): the cloning account
when ElevenLabs is configured, and the user's wallet for it, as the bot's dispatcher and
the studio jobs build them."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.errors import NotFound
from core.settings import Settings
from db.queries import users
from pipeline.voices.cloud import VoiceCloud, voice_cloud
from pipeline.wallet import Wallet, Wallets


@dataclass(frozen=True, slots=True)
class StudioPayer:
    cloud: VoiceCloud | None  # None offline: stock-voice matches, nothing to pay
    wallet: Wallet | None


async def studio_payer(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    user_id: int,
) -> StudioPayer:
    """The cloud and the user's wallet (None, None offline). Raises NotFound for no user."""
    cloud = voice_cloud(settings.providers)
    if cloud is None:
        return StudioPayer(None, None)
    user = await users.get_user(session, user_id)
    if user is None:
        raise NotFound(what="user")
    return StudioPayer(cloud, Wallets(sessionmaker, settings).of(user))
