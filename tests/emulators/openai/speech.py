"""POST /v1/audio/transcriptions (multipart) and POST /v1/audio/speech (JSON -> audio bytes).

Transcriptions: the duration comes from the uploaded file itself (its WAV header, or PyAV
for other codecs; an undecodable file gets OpenAI's 400); the words come from the
configured transcript. Speech: a tone per word, encoded for real in `response_format`.
"""

from __future__ import annotations

import math
from typing import Any

from aiohttp import web

from .common import ServiceError
from .common.audio import MIME_TYPES, encode_audio, probe_duration, tone_track
from .state import OpenAIState, TranscriptionRequest, invalid, json_body, record_of
from .transcripts import LANGUAGE_NAMES, segments, split_words, to_srt, to_vtt, word_timings

TRANSCRIBE_MODELS = {"whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"}
TRANSCRIPT_FORMATS = {"json", "text", "srt", "verbose_json", "vtt"}
JSON_ONLY_MODELS = {"gpt-4o-transcribe", "gpt-4o-mini-transcribe"}
TTS_MODELS = {"tts-1", "tts-1-hd", "gpt-4o-mini-tts"}
VOICES = {
    "alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer",
    "verse", "marin", "cedar",
}  # fmt: skip
SPEECH_FORMATS = {"mp3", "opus", "aac", "flac", "wav", "pcm"}
SPEECH_RATE = 24000
SECONDS_PER_CHAR = 0.065


class SpeechApi:
    def __init__(self, state: OpenAIState) -> None:
        self.state = state

    async def transcriptions(self, request: web.Request) -> web.StreamResponse:
        record = record_of(request)
        uploads = [item for item in record.files if item.name == "file"]
        if not uploads:
            raise invalid("you must provide a file", "file")
        model = self.state.check_model(record.field_value("model"))
        if model not in TRANSCRIBE_MODELS:
            raise invalid(f"Invalid model for transcriptions: {model}.", "model")
        fmt = record.field_value("response_format") or "json"
        granularities = record.form.get("timestamp_granularities[]", [])
        if fmt not in TRANSCRIPT_FORMATS:
            raise invalid(f"Invalid response_format: {fmt}.", "response_format")
        if model in JSON_ONLY_MODELS and fmt not in ("json", "text"):
            raise invalid(
                f"response_format '{fmt}' is not compatible with model '{model}'. "
                "Use 'json' or 'text'.",
                "response_format",
                "unsupported_value",
            )
        if granularities and fmt != "verbose_json":
            raise invalid(
                "timestamp_granularities requires response_format=verbose_json",
                "timestamp_granularities",
            )
        audio = uploads[0].data
        duration = probe_duration(audio)
        if duration is None:
            raise invalid("The audio file could not be decoded or its format is not supported.")
        language = record.field_value("language")
        job = TranscriptionRequest(
            model, language, record.field_value("prompt"), uploads[0].filename, audio, duration
        )
        text = self.state.transcript_for(job)
        words = word_timings(split_words(text), duration)
        record.notes.update(duration=duration, transcript=text)
        usage = {"type": "duration", "seconds": math.ceil(duration)}
        if fmt == "json":
            return web.json_response({"text": text, "usage": usage})
        if fmt == "text":
            return web.Response(text=text + "\n")
        if fmt in ("srt", "vtt"):
            render = to_srt if fmt == "srt" else to_vtt
            return web.Response(text=render(segments(text, words)))
        verbose: dict[str, Any] = {
            "task": "transcribe",
            "language": LANGUAGE_NAMES.get(language or "en", language or "english"),
            "duration": duration,
            "text": text,
        }
        if "word" in granularities:
            verbose["words"] = words
        if "segment" in granularities or not granularities:
            verbose["segments"] = segments(text, words)
        verbose["usage"] = usage
        # Every OpenAI answer names its request (the SDK's `_request_id`), as chat does.
        return web.json_response(verbose, headers={"x-request-id": self.state.next_id("req_emu")})

    async def speech(self, request: web.Request) -> web.Response:
        body = json_body(request)
        model = self.state.check_model(body.get("model"))
        if model not in TTS_MODELS:
            raise invalid(f"Invalid model for speech: {model}.", "model")
        text = body.get("input")
        if not isinstance(text, str) or not text.strip():
            raise invalid("you must provide an input", "input")
        if len(text) > 4096:
            raise invalid("string too long. Expected a string with maximum length 4096.", "input")
        voice = body.get("voice")
        voice_id = voice.get("id") if isinstance(voice, dict) else voice
        if voice_id not in VOICES and not str(voice_id).startswith("voice_"):
            raise invalid(f"Invalid value for 'voice': {voice_id!r}.", "voice", "invalid_value")
        fmt = body.get("response_format", "mp3")
        speed = body.get("speed", 1.0)
        if fmt not in SPEECH_FORMATS:
            raise invalid(f"Invalid value for 'response_format': {fmt!r}.", "response_format")
        if not isinstance(speed, int | float) or not 0.25 <= speed <= 4.0:
            raise ServiceError(400, "invalid_value", "speed must be in [0.25, 4.0]", param="speed")
        spans, cursor = [], 0.15
        for word in text.split():
            length = len(word) * SECONDS_PER_CHAR / speed
            spans.append((cursor, cursor + length))
            cursor += length + 0.08 / speed
        rate = 48000 if fmt == "opus" else SPEECH_RATE
        samples = tone_track(spans, cursor + 0.15, rate, pitch=sum(map(ord, str(voice_id))))
        audio = encode_audio(samples, rate, fmt, 128000 if fmt in ("mp3", "aac") else None)
        record_of(request).notes.update(characters=len(text), duration=cursor + 0.15)
        return web.Response(body=audio, content_type=MIME_TYPES[fmt])
