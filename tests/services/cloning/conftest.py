"""The ElevenLabs emulator and a `VoiceCloud` pointed at it, for the Voice Studio's clones."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import ElevenLabsSettings
from db.models import User, Voice
from pipeline.voices.cloud import VoiceCloud
from services import voice_drafts, voice_studio
from storage.disk import Storage
from tests.emulators.elevenlabs import DEFAULT_KEY, ElevenLabsEmulator

RACHEL = "21m00Tcm4TlvDq8ikWAM"  # the emulator's premade default voice

CloudFactory = Callable[..., VoiceCloud]


def account(
    base_url: str, key: str = DEFAULT_KEY, min_speech_s: float = 60.0
) -> ElevenLabsSettings:
    return ElevenLabsSettings(
        base_url=base_url,
        api_key=SecretStr(key),
        voice_id=RACHEL,
        timeout_s=10,
        clone_min_speech_s=min_speech_s,
    )


@pytest.fixture
async def eleven_emu() -> AsyncIterator[ElevenLabsEmulator]:
    async with ElevenLabsEmulator(seconds_per_char=0.05) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
def eleven_account(eleven_emu: ElevenLabsEmulator) -> ElevenLabsSettings:
    return account(eleven_emu.base_url)


@pytest.fixture
def make_cloud(eleven_emu: ElevenLabsEmulator) -> CloudFactory:
    """`make_cloud(key=..., min_speech_s=...)`: the account, without the SDK's retries."""

    def make(key: str = DEFAULT_KEY, min_speech_s: float = 60.0) -> VoiceCloud:
        return VoiceCloud(account(eleven_emu.base_url, key, min_speech_s), max_retries=0)

    return make


@pytest.fixture
def quick_cloud(make_cloud: CloudFactory) -> VoiceCloud:
    """The account asking for only 10 s of speech: one test recording makes a clone."""
    return make_cloud(min_speech_s=10.0)


@pytest.fixture
async def clone(
    session: AsyncSession,
    storage: Storage,
    user: User,
    female_wav: Path,
    quick_cloud: VoiceCloud,
) -> Voice:
    """A clone of one recording, made through the service."""
    await voice_drafts.add_voice_sample(session, storage, user.id, female_wav, mime=None)
    return await voice_studio.create_voice(
        session, storage, user.id, "Clone", consent=True, language="ru", cloud=quick_cloud
    )
