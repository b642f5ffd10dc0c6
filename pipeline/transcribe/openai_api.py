"""Transcription by OpenAI (`whisper-1`, verbose_json with word timestamps) or any server
speaking `POST /v1/audio/transcriptions`, through the official `openai` SDK."""

import asyncio
import mimetypes
from pathlib import Path

import openai

from pipeline.settings import OpenAISettings, TranscriptionSettings
from pipeline.speech.base import WordTiming
from pipeline.transcribe.base import Transcript
from pipeline.transcribe.errors import (
    TranscriptionError,
    TranscriptionRejected,
    TranscriptionUnavailable,
)

NO_KEY = "unused"  # local OpenAI-compatible servers want some key, not a real one
TRANSIENT_STATUSES = frozenset({408, 409, 429})
FIRST_SERVER_ERROR = 500
MAX_UPLOAD_BYTES = 25_000_000  # https://platform.openai.com/docs/guides/speech-to-text


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
    if error.status_code >= FIRST_SERVER_ERROR or error.status_code in TRANSIENT_STATUSES:
        return TranscriptionUnavailable(provider=provider, reason=reason)
    return TranscriptionRejected(provider=provider, reason=reason)


class OpenAITranscriber:
    """The `Transcriber` on OpenAI's API; billed per minute of audio."""

    name = "openai"

    def __init__(self, account: OpenAISettings, settings: TranscriptionSettings) -> None:
        self.account = account
        self.settings = settings
        key = account.api_key.get_secret_value() if account.api_key else ""
        self._api_key = key or NO_KEY

    async def transcribe(self, audio: Path, language: str | None) -> Transcript:
        """Upload `audio` and return the words with their spans."""
        data = await asyncio.to_thread(audio.read_bytes)
        if len(data) > MAX_UPLOAD_BYTES:
            raise TranscriptionRejected(provider=self.name, reason="the file is over 25 MB")
        mime = mimetypes.guess_type(audio.name)[0] or "application/octet-stream"
        try:
            async with openai.AsyncOpenAI(
                base_url=self.account.base_url,
                api_key=self._api_key,
                timeout=self.account.timeout_s,
                max_retries=0,  # the fallback chain, then the job's retry, take over
            ) as client:
                result = await client.audio.transcriptions.create(
                    model=self.settings.openai_model,
                    file=(audio.name, data, mime),
                    response_format="verbose_json",
                    timestamp_granularities=["word"],
                    language=language or openai.omit,
                )
        except openai.APIError as error:
            raise map_error(error, self.name) from error
        words = tuple(
            WordTiming(word.word.strip(), round(word.start, 3), round(word.end, 3))
            for word in result.words or ()
            if word.word.strip()
        )
        duration = float(result.duration)
        return Transcript(
            text=result.text.strip(),
            language=result.language,
            duration=round(duration, 3),
            words=words,
            provider=self.name,
            cost_usd=round(duration / 60 * self.settings.price_per_minute, 6),
        )
