"""Transcription by OpenAI (`whisper-1`, verbose_json with word timestamps) or any server
speaking `POST /v1/audio/transcriptions`, through the official `openai` SDK."""

import asyncio
import mimetypes
import wave
from pathlib import Path

import openai

from core.enums import UsageUnit
from core.settings import OpenAISettings, TranscriptionSettings
from pipeline.speech.base import WordTiming
from pipeline.transcribe.base import Transcript
from pipeline.transcribe.errors import (
    TRANSCRIPTION_ERRORS,
    TranscriptionError,
    TranscriptionRejected,
    TranscriptionUnavailable,
)
from pipeline.wallet import Wallet, paid_call

NO_KEY = "unused"  # local OpenAI-compatible servers want some key, not a real one
MAX_UPLOAD_BYTES = 25_000_000  # https://platform.openai.com/docs/guides/speech-to-text
LOW_BITRATE_BYTES_PER_S = 4000  # 32 kbit/s: a compressed file lasts at most about this long


def audio_seconds(audio: Path, size: int) -> float:
    """How long `audio` lasts, for the ceiling's estimate before upload: a WAV's header,
    else its size at a low bitrate (errs long, so the estimate errs high)."""
    try:
        with wave.open(str(audio), "rb") as reader:
            return reader.getnframes() / max(reader.getframerate(), 1)
    except (wave.Error, EOFError):
        return size / LOW_BITRATE_BYTES_PER_S


def map_error(error: openai.APIError, provider: str) -> TranscriptionError:
    """Our domain error for an `openai` error; messages never carry the key."""
    if isinstance(error, openai.APIConnectionError):  # APITimeoutError included
        timed_out = isinstance(error, openai.APITimeoutError)
        reason = "timed out" if timed_out else "connection failed"
        return TranscriptionUnavailable(provider=provider, reason=reason)
    if not isinstance(error, openai.APIStatusError):
        return TranscriptionRejected(provider=provider, reason=type(error).__name__)
    code = getattr(error, "code", None)
    reason = f"HTTP {error.status_code}" + (f" {code}" if code else "")
    if code == "insufficient_quota":  # a 429 that waiting cannot fix
        return TranscriptionRejected(provider=provider, reason=reason)
    headers = error.response.headers
    return TRANSCRIPTION_ERRORS.for_status(
        error.status_code, headers, provider=provider, reason=reason
    )


class OpenAITranscriber:
    """The `Transcriber` on OpenAI's API; billed per minute of audio."""

    name = "openai"

    def __init__(self, account: OpenAISettings, settings: TranscriptionSettings) -> None:
        self.account = account
        self.settings = settings
        key = account.api_key.get_secret_value() if account.api_key else ""
        self._api_key = key or NO_KEY

    def cost_usd(self, seconds: float) -> float:
        """The price of transcribing `seconds` of audio."""
        return round(seconds / 60 * self.settings.price_per_minute, 6)

    async def transcribe(
        self, audio: Path, language: str | None, *, wallet: Wallet | None = None
    ) -> Transcript:
        """Upload `audio` and return the words with their spans; the call is paid through
        `wallet` (DailySpendExceeded before the upload when the ceiling refuses it)."""
        data = await asyncio.to_thread(audio.read_bytes)
        if len(data) > MAX_UPLOAD_BYTES:
            raise TranscriptionRejected(provider=self.name, reason="the file is over 25 MB")
        mime = mimetypes.guess_type(audio.name)[0] or "application/octet-stream"
        estimate = self.cost_usd(await asyncio.to_thread(audio_seconds, audio, len(data)))
        try:
            async with (
                paid_call(wallet, self.name, estimate) as call,
                openai.AsyncOpenAI(
                    base_url=self.account.base_url,
                    api_key=self._api_key,
                    timeout=self.account.timeout_s,
                    max_retries=0,  # the fallback chain, then the job's retry, take over
                ) as client,
            ):
                result = await client.audio.transcriptions.create(
                    model=self.settings.openai_model,
                    file=(audio.name, data, mime),
                    response_format="verbose_json",
                    timestamp_granularities=["word"],
                    language=language or openai.omit,
                )
                duration = float(result.duration)
                await call.record(
                    UsageUnit.AUDIO_SECONDS,
                    round(duration, 3),
                    self.cost_usd(duration),
                    request_id=result._request_id,
                )
        except openai.APIError as error:
            raise map_error(error, self.name) from error
        words = tuple(
            WordTiming(word.word.strip(), round(word.start, 3), round(word.end, 3))
            for word in result.words or ()
            if word.word.strip()
        )
        return Transcript(
            text=result.text.strip(),
            language=result.language,
            duration=round(duration, 3),
            words=words,
            provider=self.name,
            cost_usd=self.cost_usd(duration),
            metered=True,
        )
