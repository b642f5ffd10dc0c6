"""ElevenLabs Instant Voice Cloning through the official async SDK: clone, read, tune, delete.

Every call maps the SDK's failures to `cloud_errors`: transient (busy, 5xx, no connection)
or permanent (bad key, no credits, no voice slots, plan without cloning).
"""

import asyncio
import mimetypes
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from elevenlabs import AsyncElevenLabs, VoiceSettings
from elevenlabs.core.api_error import ApiError
from elevenlabs.core.request_options import RequestOptions

from core.settings import ElevenLabsSettings, ProvidersSettings
from pipeline.speech.cache import SpeechCache
from pipeline.speech.elevenlabs import ElevenLabsSynth
from pipeline.voices.cloud_errors import (
    CloneMissing,
    CloneNeedsVerification,
    CloningNotConfigured,
    from_api_error,
    from_transport_error,
    is_not_found,
)


@dataclass(frozen=True, slots=True)
class CloudVoice:
    """A voice as ElevenLabs describes it; `settings` holds stability, similarity, speed."""

    voice_id: str
    name: str
    category: str | None
    settings: dict[str, float]


class VoiceCloud:
    """The ElevenLabs account that holds the users' clones."""

    name = "elevenlabs"

    def __init__(
        self,
        settings: ElevenLabsSettings,
        *,
        max_retries: int = 2,
        cache: SpeechCache | None = None,
    ) -> None:
        self.settings = settings
        self.max_retries = max_retries  # the SDK's own retries of 429/5xx
        self.cache = cache  # test phrases asked again come from here
        # ElevenLabs asks for 1-2 minutes of clean audio; a shorter clone drifts from the
        # speaker, so nothing is uploaded below this (60 s by default).
        self.min_speech_s = settings.clone_min_speech_s

    def synth(self) -> ElevenLabsSynth:
        """Speech with the same account (the clone's id goes in `VoiceParams.voice`)."""
        return ElevenLabsSynth(self.settings, max_retries=self.max_retries, cache=self.cache)

    async def clone(
        self,
        name: str,
        files: Sequence[Path],
        *,
        language: str,
        remove_background_noise: bool,
        description: str,
    ) -> str:
        """Upload the recordings as one instant clone; return its voice id.

        Raises:
            CloneNeedsVerification: the recordings match a protected voice (clone removed).
            CloningFailed and its subclasses for the provider's refusals.
        """
        parts = [await asyncio.to_thread(_file_part, path) for path in files]
        async with self._client() as client:
            # Not retried: a 5xx after the voice was made would leave a second clone that
            # takes a voice slot; the user can press again.
            created = await client.voices.ivc.create(
                name=name,
                files=parts,
                remove_background_noise=remove_background_noise,
                description=description,
                labels={"language": language},
                request_options={"max_retries": 0},
            )
            if created.requires_verification:
                await client.voices.delete(created.voice_id, request_options=self._options)
                raise CloneNeedsVerification
        return str(created.voice_id)

    async def get(self, voice_id: str) -> CloudVoice:
        """The voice with its stored settings. Raises CloneMissing when it is gone."""
        async with self._client() as client:
            try:
                voice = await client.voices.get(voice_id, request_options=self._options)
            except ApiError as exc:
                if is_not_found(exc):
                    raise CloneMissing(voice=voice_id) from exc
                raise
        return _cloud_voice(voice.voice_id, voice.name, voice.category, voice.settings)

    async def list_clones(self) -> list[CloudVoice]:
        """The account's own clones (premade voices left out)."""
        async with self._client() as client:
            listed = await client.voices.get_all(request_options=self._options)
        return [
            _cloud_voice(v.voice_id, v.name, v.category, v.settings)
            for v in listed.voices
            if v.category == "cloned"
        ]

    async def update_settings(
        self, voice_id: str, *, stability: float, similarity: float, speed: float
    ) -> None:
        """Store the voice's settings at ElevenLabs. Raises CloneMissing when it is gone."""
        request = VoiceSettings(stability=stability, similarity_boost=similarity, speed=speed)
        async with self._client() as client:
            try:
                await client.voices.settings.update(
                    voice_id, request=request, request_options=self._options
                )
            except ApiError as exc:
                if is_not_found(exc):
                    raise CloneMissing(voice=voice_id) from exc
                raise

    async def delete(self, voice_id: str) -> bool:
        """Delete the clone; False when ElevenLabs no longer had it (nothing left to do)."""
        async with self._client() as client:
            try:
                await client.voices.delete(voice_id, request_options=self._options)
            except ApiError as exc:
                if is_not_found(exc):
                    return False
                raise
        return True

    @property
    def _options(self) -> RequestOptions:
        return {"max_retries": self.max_retries}

    @asynccontextmanager
    async def _client(self) -> AsyncIterator[AsyncElevenLabs]:
        key = self.settings.api_key
        if key is None or not key.get_secret_value():
            raise CloningNotConfigured
        try:
            async with httpx.AsyncClient(timeout=self.settings.timeout_s) as http:
                yield AsyncElevenLabs(
                    api_key=key.get_secret_value(),
                    base_url=self.settings.base_url,
                    timeout=self.settings.timeout_s,
                    httpx_client=http,
                )
        except ApiError as exc:
            raise from_api_error(exc) from exc
        except httpx.TransportError as exc:
            raise from_transport_error(exc) from exc


def voice_cloud(
    providers: ProvidersSettings, *, max_retries: int = 2, cache: SpeechCache | None = None
) -> VoiceCloud | None:
    """The cloning account when ElevenLabs is in the speech chain and has a key, else None
    (offline: the Voice Studio matches a stock voice instead). Test phrases are kept in
    `cache`."""
    names = {part.strip().lower() for part in providers.tts.split(",")}
    key = providers.elevenlabs.api_key
    if "elevenlabs" not in names or key is None or not key.get_secret_value():
        return None
    return VoiceCloud(providers.elevenlabs, max_retries=max_retries, cache=cache)


def _file_part(path: Path) -> tuple[str, bytes, str]:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return path.name, path.read_bytes(), mime


def _cloud_voice(
    voice_id: str, name: str | None, category: str | None, settings: VoiceSettings | None
) -> CloudVoice:
    values = {
        "stability": settings.stability if settings else None,
        "similarity": settings.similarity_boost if settings else None,
        "speed": settings.speed if settings else None,
    }
    clean = {key: float(value) for key, value in values.items() if value is not None}
    return CloudVoice(voice_id, name or "", category, clean)
