"""Speech from a voice as stored files (the REST API hands them out as signed URLs): the
test phrase (`voices/<v>/test.ogg`, as the bot's test) and longer text spoken on request with
settings for that once (`voices/<v>/speech/<digest>.ogg`, removed with the voice)."""

import hashlib
import json

from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.voices.cloud import VoiceCloud
from pipeline.voices.settings import check_settings, check_speech_text
from pipeline.wallet import Wallet
from services.voice_studio import get_voice, speak_test, speak_with_voice
from storage import keys
from storage.disk import Storage
from storage.sync import push_files


async def speak_test_file(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    voice_id: int,
    text: str,
    *,
    cloud: VoiceCloud | None = None,
    wallet: Wallet | None = None,
) -> str:
    """Speak the test phrase (`voice_studio.speak_test`) and return its key in the store."""
    path = await speak_test(session, storage, user_id, voice_id, text, cloud=cloud, wallet=wallet)
    key = storage.relative(path)
    await push_files(storage, [key])
    return key


async def speak_text_file(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    voice_id: int,
    text: str,
    *,
    speed: float | None = None,
    pitch: float | None = None,
    stability: float | None = None,
    similarity: float | None = None,
    cloud: VoiceCloud | None = None,
    wallet: Wallet | None = None,
) -> str:
    """Speak `text` (at most MAX_SPEECH_CHARS) with the voice, the given settings changed for
    this once (None: the voice's own), and return the file's key in the store.

    Raises NotFound, SpeechTextInvalid, VoiceSettingOutOfRange (and a clone's CloningFailed).
    """
    voice = await get_voice(session, user_id, voice_id)
    phrase = check_speech_text(text)
    changes = check_settings(speed=speed, pitch=pitch, stability=stability, similarity=similarity)
    request = json.dumps([phrase, changes, voice.params], sort_keys=True, default=str)
    key = keys.voice_speech(user_id, voice.id, hashlib.sha256(request.encode()).hexdigest()[:16])
    out = storage.resolve(key)
    if not out.is_file():
        await speak_with_voice(voice, phrase, out, changes=changes, cloud=cloud, wallet=wallet)
    await push_files(storage, [key])
    return key
