"""Whisper transcriptions and TTS through the real `openai` client."""

from __future__ import annotations

import io
import itertools
import wave
from collections.abc import AsyncIterator

import openai
import pytest

from .openai import OpenAIEmulator, TranscriptionRequest
from .openai.common.audio import encode_audio, probe_duration, tone_track

TRANSCRIPT = "Octopuses have nine brains, and every arm can taste."


def speech_file(seconds: float, codec: str = "wav", rate: int = 16000) -> bytes:
    samples = tone_track([(0.2, seconds - 0.2)], seconds, rate)
    return encode_audio(samples, rate, codec, 64000 if codec == "mp3" else None)


@pytest.fixture
async def openai_emu() -> AsyncIterator[OpenAIEmulator]:
    async with OpenAIEmulator(transcript=TRANSCRIPT) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
async def client(openai_emu: OpenAIEmulator) -> AsyncIterator[openai.AsyncOpenAI]:
    async with openai_emu.client(max_retries=0) as real_client:
        yield real_client


async def test_verbose_json_words_are_timed_over_the_wav_duration(
    openai_emu: OpenAIEmulator, client: openai.AsyncOpenAI
) -> None:
    audio = speech_file(3.0)

    result = await client.audio.transcriptions.create(
        file=("voice.wav", audio, "audio/wav"),
        model="whisper-1",
        response_format="verbose_json",
        timestamp_granularities=["word"],
        language="en",
    )

    assert result.text == TRANSCRIPT
    assert result.duration == pytest.approx(3.0)
    assert result.language == "english"
    words = result.words or []
    assert [w.word for w in words] == [
        "Octopuses", "have", "nine", "brains", "and", "every", "arm", "can", "taste",
    ]  # fmt: skip
    assert all(w.start < w.end for w in words)
    assert all(a.end <= b.start for a, b in itertools.pairwise(words))
    assert words[0].start >= 0
    assert words[-1].end == pytest.approx(3.0)
    assert result.segments is None  # only word granularity was asked for
    record = openai_emu.requests.last("transcriptions")
    assert record.form["timestamp_granularities[]"] == ["word"]
    assert record.field_value("response_format") == "verbose_json"
    assert record.files[0].filename == "voice.wav"
    assert record.file_sizes("file") == [len(audio)]


async def test_segments_and_words_together(client: openai.AsyncOpenAI) -> None:
    result = await client.audio.transcriptions.create(
        file=("voice.wav", speech_file(2.0)),
        model="whisper-1",
        response_format="verbose_json",
        timestamp_granularities=["word", "segment"],
    )

    assert result.segments is not None
    assert len(result.segments) == 1
    assert result.segments[0].end == pytest.approx(2.0)


async def test_duration_of_an_mp3_comes_from_decoding_it(client: openai.AsyncOpenAI) -> None:
    result = await client.audio.transcriptions.create(
        file=("voice.mp3", speech_file(1.5, "mp3", 24000)),
        model="whisper-1",
        response_format="verbose_json",
        timestamp_granularities=["word"],
    )

    assert result.duration == pytest.approx(1.5, abs=0.06)


async def test_transcriber_hook_and_plain_formats(
    openai_emu: OpenAIEmulator, client: openai.AsyncOpenAI
) -> None:
    seen: list[TranscriptionRequest] = []

    def transcriber(request: TranscriptionRequest) -> str:
        seen.append(request)
        return "Привет, мир." if request.language == "ru" else "Hello, world."

    openai_emu.transcript = transcriber
    as_json = await client.audio.transcriptions.create(
        file=("a.wav", speech_file(1.0)), model="gpt-4o-transcribe", language="ru"
    )
    as_text = await client.audio.transcriptions.create(
        file=("a.wav", speech_file(1.0)), model="whisper-1", response_format="text"
    )
    as_srt = await client.audio.transcriptions.create(
        file=("a.wav", speech_file(1.0)), model="whisper-1", response_format="srt"
    )

    assert as_json.text == "Привет, мир."
    assert as_text.strip() == "Hello, world."
    assert as_srt.startswith("1\n00:00:00,")
    assert "Hello, world." in as_srt
    assert seen[0].model == "gpt-4o-transcribe"
    assert seen[0].duration == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"model": "gpt-4o-transcribe", "response_format": "verbose_json"}, "response_format"),
        (
            {"model": "whisper-1", "response_format": "json", "timestamp_granularities": ["word"]},
            "timestamp_granularities",
        ),
    ],
)
async def test_incompatible_options_are_400(
    client: openai.AsyncOpenAI, kwargs: dict[str, object], param: str
) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        await client.audio.transcriptions.create(file=("a.wav", speech_file(1.0)), **kwargs)  # type: ignore[call-overload]  # deliberately invalid
    assert caught.value.param == param


async def test_undecodable_audio_is_400(client: openai.AsyncOpenAI) -> None:
    with pytest.raises(openai.BadRequestError, match="could not be decoded"):
        await client.audio.transcriptions.create(
            file=("a.mp3", b"not audio at all" * 10), model="whisper-1"
        )


async def test_speech_wav_is_a_real_wav(
    openai_emu: OpenAIEmulator, client: openai.AsyncOpenAI
) -> None:
    response = await client.audio.speech.with_raw_response.create(
        model="tts-1", voice="alloy", input="Hello there, listener.", response_format="wav"
    )

    assert response.headers["content-type"] == "audio/wav"
    audio = response.content
    with wave.open(io.BytesIO(audio)) as reader:
        assert reader.getframerate() == 24000
        assert reader.getnchannels() == 1
        seconds = reader.getnframes() / reader.getframerate()
    assert seconds == pytest.approx(openai_emu.requests.last("speech").notes["duration"], abs=0.01)
    assert openai_emu.requests.last("speech").json["voice"] == "alloy"


@pytest.mark.parametrize("fmt", ["mp3", "opus", "aac", "flac"])
async def test_speech_codecs_decode(client: openai.AsyncOpenAI, fmt: str) -> None:
    response = await client.audio.speech.create(
        model="gpt-4o-mini-tts",
        voice="coral",
        input="One two three.",
        response_format=fmt,  # type: ignore[arg-type]
    )
    duration = probe_duration(response.content)
    assert duration is not None
    assert duration > 0.5


async def test_speech_speed_shortens_audio(client: openai.AsyncOpenAI) -> None:
    slow = await client.audio.speech.create(
        model="tts-1", voice="nova", input="A sentence to say.", response_format="pcm", speed=0.5
    )
    fast = await client.audio.speech.create(
        model="tts-1", voice="nova", input="A sentence to say.", response_format="pcm", speed=2.0
    )
    assert len(slow.content) > 3 * len(fast.content)


async def test_speech_rejects_unknown_voice(client: openai.AsyncOpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        await client.audio.speech.create(model="tts-1", voice="robot", input="Hi")
    assert caught.value.param == "voice"
