"""ElevenLabs text-to-speech through the official async SDK, with character timestamps.

One paid call, at most once per question: a cached answer (same text, voice, model,
settings and format) costs nothing. Otherwise: the daily spend ceiling (through the
wallet, before any request), the subscription's remaining characters, then
`convert_with_timestamps` asking for raw 16-bit PCM (`pcm_24000`, available on every
tier). The call is recorded in the ledger as soon as it is answered and before it is
checked: a silent or cut-off answer was still paid for, so it is a permanent error, never
asked again by a retry.
"""

import re
from pathlib import Path
from typing import Any

import httpx
from elevenlabs import AsyncElevenLabs, VoiceSettings
from elevenlabs.core.api_error import ApiError
from elevenlabs.core.request_options import RequestOptions

from core.enums import UsageUnit
from core.errors import InvalidInput, UnsupportedLanguage
from core.settings import ElevenLabsSettings
from pipeline.speech.base import Speech, VoiceParams
from pipeline.speech.cache import SpeechCache, speech_key
from pipeline.speech.elevenlabs_answer import (
    RATE,
    charged_characters,
    stored_answer,
    word_marks,
    write_answer,
)
from pipeline.speech.elevenlabs_errors import (
    CharacterQuotaExceeded,
    ElevenLabsAnswerUnusable,
    ElevenLabsRejected,
    ElevenLabsUnavailable,
    from_api_error,
)
from pipeline.speech.timing import speakable
from pipeline.wallet import Wallet, paid_call

__all__ = [
    "LANGUAGES",
    "OUTPUT_FORMAT",
    "SPEED_RANGE",
    "CharacterQuotaExceeded",
    "ElevenLabsAnswerUnusable",
    "ElevenLabsRejected",
    "ElevenLabsSynth",
    "ElevenLabsUnavailable",
    "word_marks",
]

# eleven_multilingual_v2's languages (ISO 639-1; Filipino has no two-letter code).
LANGUAGES = frozenset(
    {"en", "ja", "zh", "de", "hi", "fr", "ko", "pt", "it", "es", "id", "nl", "tr", "pl"}
    | {"sv", "bg", "ro", "ar", "cs", "el", "fi", "hr", "ms", "sk", "da", "ta", "uk", "ru"}
)
OUTPUT_FORMAT = f"pcm_{RATE}"
SPEED_RANGE = (0.7, 1.2)  # the API's documented voice_settings.speed range
_VOICE_ID = re.compile(r"[A-Za-z0-9]{20}")  # ElevenLabs voice ids: 20 letters and digits


class ElevenLabsSynth:
    """Natural cloud voices; `VoiceParams.voice` may be an ElevenLabs voice id.

    `speed` maps to `voice_settings.speed` (kept within 0.7-1.2); the API has no pitch
    setting, so `pitch` is ignored. `cache` keeps every paid answer (None: no cache).
    """

    name = "elevenlabs"

    def __init__(
        self,
        settings: ElevenLabsSettings,
        *,
        max_retries: int = 2,
        cache: SpeechCache | None = None,
    ) -> None:
        self.settings = settings
        self.max_retries = max_retries  # the SDK's own retries of 429/5xx before giving up
        self.cache = cache

    def languages(self) -> frozenset[str]:
        """ISO 639-1 codes the multilingual model speaks."""
        return LANGUAGES

    def cost_usd(self, characters: int) -> float:
        """The price of speaking `characters` characters."""
        return characters * self.settings.price_per_1k_chars / 1000

    async def synthesize(
        self,
        text: str,
        language: str,
        params: VoiceParams,
        out: Path,
        *,
        wallet: Wallet | None = None,
    ) -> Speech:
        """Speak `text` into the WAV file `out` and return one timing per word of `text`
        (none when the answer had no timings: transcription times them).

        Raises:
            DailySpendExceeded: the wallet's ceiling refused the call; nothing was sent.
            CharacterQuotaExceeded: the text does not fit in the remaining characters.
            ElevenLabsUnavailable: a transient failure (429, 5xx, timeout); nothing billed.
            ElevenLabsRejected: a permanent failure (bad key, exhausted quota, bad request).
            ElevenLabsAnswerUnusable: a paid answer with silent, cut-off or unreadable audio.
        """
        if language not in LANGUAGES:
            raise UnsupportedLanguage(language=language, supported=", ".join(sorted(LANGUAGES)))
        if params.speed <= 0:
            raise InvalidInput(what="speed", reason="must be above zero")
        clean = speakable(text)
        voice_id, settings = self._voice_id(params), self._voice_settings(params)
        key = speech_key(
            provider=self.name,
            text=clean,
            voice_id=voice_id,
            model=self.settings.model,
            voice_settings=settings.model_dump(exclude_none=True) if settings else None,
            output_format=OUTPUT_FORMAT,
        )
        answer = self.cache.get(key) if self.cache is not None else None
        if answer is None:
            answer = await self._ask(clean, voice_id, settings, wallet)
        spoken = write_answer(clean, answer, out)  # paid already: a bad answer is permanent
        if self.cache is not None:
            self.cache.put(key, answer)
        return Speech(out, spoken.duration, spoken.words, self.name, metered=True)

    async def _ask(
        self, text: str, voice_id: str, settings: VoiceSettings | None, wallet: Wallet | None
    ) -> dict[str, Any]:
        """One paid call, recorded in the ledger as soon as it is answered."""
        key = self.settings.api_key
        if key is None:
            raise ElevenLabsRejected(engine=self.name, reason="no API key is configured")
        options: RequestOptions = {"max_retries": self.max_retries}
        try:
            async with (
                paid_call(wallet, self.name, self.cost_usd(len(text))) as call,
                httpx.AsyncClient(timeout=self.settings.timeout_s) as http,
            ):
                client = AsyncElevenLabs(
                    api_key=key.get_secret_value(),
                    base_url=self.settings.base_url,
                    timeout=self.settings.timeout_s,
                    httpx_client=http,
                )
                quota = await client.user.subscription.get(request_options=options)
                left = max(quota.character_limit - quota.character_count, 0)
                if len(text) > left:
                    raise CharacterQuotaExceeded(engine=self.name, needed=len(text), left=left)
                raw = await client.text_to_speech.with_raw_response.convert_with_timestamps(
                    voice_id,
                    text=text,
                    model_id=self.settings.model,
                    output_format=OUTPUT_FORMAT,
                    voice_settings=settings,
                    request_options=options,
                )
                charged = charged_characters(raw.headers.get("character-cost"), len(text))
                await call.record(
                    UsageUnit.CHARACTERS,
                    charged,
                    self.cost_usd(charged),
                    request_id=raw.headers.get("request-id"),
                )
        except ApiError as exc:
            raise from_api_error(exc) from exc
        except httpx.TimeoutException as exc:
            raise ElevenLabsUnavailable(engine=self.name, reason="timed out") from exc
        except httpx.TransportError as exc:
            raise ElevenLabsUnavailable(engine=self.name, reason=type(exc).__name__) from exc
        return stored_answer(raw.data)

    def _voice_id(self, params: VoiceParams) -> str:
        if params.voice and _VOICE_ID.fullmatch(params.voice):
            return params.voice
        if self.settings.voice_id is None:
            raise ElevenLabsRejected(engine=self.name, reason="no voice_id is configured")
        return self.settings.voice_id

    @staticmethod
    def _voice_settings(params: VoiceParams) -> VoiceSettings | None:
        if params.speed == 1.0 and params.stability is None and params.similarity is None:
            return None  # keep the voice's stored settings untouched
        low, high = SPEED_RANGE
        return VoiceSettings(
            speed=round(min(max(params.speed, low), high), 3),
            stability=params.stability,
            similarity_boost=params.similarity,
        )
