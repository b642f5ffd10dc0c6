"""ElevenLabs text-to-speech through the official async SDK, with character timestamps.

One call: check the subscription's remaining characters, then `convert_with_timestamps`
asking for raw 16-bit PCM (`pcm_24000`, available on every tier), so the audio goes
straight into a WAV without decoding. Word starts come from the character alignment.
"""

import base64
import binascii
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
from elevenlabs import AsyncElevenLabs, VoiceSettings
from elevenlabs.core.api_error import ApiError
from elevenlabs.core.request_options import RequestOptions

from pipeline.errors import InvalidInput, UnsupportedLanguage
from pipeline.settings import ElevenLabsSettings
from pipeline.speech.base import Speech, VoiceParams
from pipeline.speech.errors import SynthesisFailed
from pipeline.speech.timing import align_words, speakable
from pipeline.speech.wav import WavSink

# eleven_multilingual_v2's languages (ISO 639-1; Filipino has no two-letter code).
LANGUAGES = frozenset(
    {"en", "ja", "zh", "de", "hi", "fr", "ko", "pt", "it", "es", "id", "nl", "tr", "pl"}
    | {"sv", "bg", "ro", "ar", "cs", "el", "fi", "hr", "ms", "sk", "da", "ta", "uk", "ru"}
)
OUTPUT_FORMAT, RATE = "pcm_24000", 24000  # raw little-endian 16-bit mono
SPEED_RANGE = (0.7, 1.2)  # the API's documented voice_settings.speed range
_VOICE_ID = re.compile(r"[A-Za-z0-9]{20}")  # ElevenLabs voice ids: 20 letters and digits
_WORD = re.compile(r"\S+")
_TRANSIENT_STATUSES = frozenset({408, 409, 429})  # and every 5xx
_SERVER_ERROR = 500
_SHORT_AUDIO_S = 0.25  # audio this much shorter than its timings was cut off


class ElevenLabsUnavailable(SynthesisFailed):
    """Busy, rate limited, a 5xx or a timeout: worth trying again later."""

    key = "error-tts-unavailable"
    template = "ElevenLabs is unavailable: {reason}"
    transient = True


class ElevenLabsRejected(SynthesisFailed):
    """A bad or missing key, exhausted credits, a bad request: retrying will not help."""

    key = "error-tts-rejected"
    template = "ElevenLabs refused the request: {reason}"


class CharacterQuotaExceeded(SynthesisFailed):
    """The subscription has fewer characters left than the text needs."""

    key = "error-tts-quota"
    template = (
        "ElevenLabs needs {needed} characters for this text but the subscription has only "
        "{left} left this period."
    )


class ElevenLabsSynth:
    """Natural cloud voices; `VoiceParams.voice` may be an ElevenLabs voice id.

    `speed` maps to `voice_settings.speed` (kept within 0.7-1.2); the API has no pitch
    setting, so `pitch` is ignored.
    """

    name = "elevenlabs"

    def __init__(self, settings: ElevenLabsSettings, *, max_retries: int = 2) -> None:
        self.settings = settings
        self.max_retries = max_retries  # the SDK's own retries of 429/5xx before giving up

    def languages(self) -> frozenset[str]:
        """ISO 639-1 codes the multilingual model speaks."""
        return LANGUAGES

    def cost_usd(self, characters: int) -> float:
        """The price of speaking `characters` characters."""
        return characters * self.settings.price_per_1k_chars / 1000

    async def synthesize(self, text: str, language: str, params: VoiceParams, out: Path) -> Speech:
        """Speak `text` into the WAV file `out` and return one timing per word of `text`.

        Raises:
            CharacterQuotaExceeded: the text does not fit in the remaining characters.
            ElevenLabsUnavailable: a transient failure (429, 5xx, timeout).
            ElevenLabsRejected: a permanent failure (bad key, exhausted quota, bad request).
        """
        if language not in LANGUAGES:
            raise UnsupportedLanguage(language=language, supported=", ".join(sorted(LANGUAGES)))
        if params.speed <= 0:
            raise InvalidInput(what="speed", reason="must be above zero")
        clean = speakable(text)
        key = self.settings.api_key
        if key is None:
            raise ElevenLabsRejected(engine=self.name, reason="no API key is configured")
        options: RequestOptions = {"max_retries": self.max_retries}
        try:
            async with httpx.AsyncClient(timeout=self.settings.timeout_s) as http:
                client = AsyncElevenLabs(
                    api_key=key.get_secret_value(),
                    base_url=self.settings.base_url,
                    timeout=self.settings.timeout_s,
                    httpx_client=http,
                )
                quota = await client.user.subscription.get(request_options=options)
                left = max(quota.character_limit - quota.character_count, 0)
                if len(clean) > left:
                    raise CharacterQuotaExceeded(engine=self.name, needed=len(clean), left=left)
                spoken = await client.text_to_speech.convert_with_timestamps(
                    self._voice_id(params),
                    text=clean,
                    model_id=self.settings.model,
                    output_format=OUTPUT_FORMAT,
                    voice_settings=self._voice_settings(params),
                    request_options=options,
                )
        except ApiError as exc:
            raise _from_api_error(exc) from exc
        except httpx.TimeoutException as exc:
            raise ElevenLabsUnavailable(engine=self.name, reason="timed out") from exc
        except httpx.TransportError as exc:
            raise ElevenLabsUnavailable(engine=self.name, reason=type(exc).__name__) from exc
        alignment = spoken.alignment or spoken.normalized_alignment
        if alignment is None:
            raise ElevenLabsUnavailable(engine=self.name, reason="the answer has no timings")
        try:
            pcm = base64.b64decode(spoken.audio_base_64, validate=True)
        except binascii.Error as exc:
            raise ElevenLabsUnavailable(engine=self.name, reason="unreadable audio") from exc
        with WavSink(out, RATE) as sink:
            sink.write(pcm[: len(pcm) - len(pcm) % 2])
            if not sink.voiced_frames:
                raise ElevenLabsUnavailable(engine=self.name, reason="the audio is silent")
            timed = max(alignment.character_end_times_seconds, default=0.0)
            if sink.duration < timed - _SHORT_AUDIO_S:
                raise ElevenLabsUnavailable(engine=self.name, reason="the audio was cut off")
            sink.commit()
        marks = word_marks(clean, alignment.characters, alignment.character_start_times_seconds)
        words = align_words(clean, marks, sink.voiced_end)
        return Speech(wav=out, duration=sink.duration, words=words, engine=self.name)

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


def word_marks(
    text: str, characters: Sequence[str], starts: Sequence[float]
) -> list[tuple[int, float]]:
    """`(offset in text, seconds)` per word: the k-th word heard starts the k-th word of
    `text` (so a normalized alignment, "3" heard as "three", still maps word by word)."""
    offsets = [m.start() for m in _WORD.finditer(text)]
    marks: list[tuple[int, float]] = []
    after_space = True
    for char, start in zip(characters, starts, strict=False):
        if not char.isspace() and after_space and len(marks) < len(offsets):
            marks.append((offsets[len(marks)], start))
        after_space = char.isspace()
    return marks


def _from_api_error(exc: ApiError) -> SynthesisFailed:
    status = exc.status_code or 0
    detail: Any = exc.body.get("detail") if isinstance(exc.body, dict) else None
    code = detail.get("status", "") if isinstance(detail, dict) else ""
    reason = f"HTTP {status} {code}".strip()
    if status in _TRANSIENT_STATUSES or status >= _SERVER_ERROR:
        return ElevenLabsUnavailable(engine="elevenlabs", reason=reason)
    return ElevenLabsRejected(engine="elevenlabs", reason=reason)
