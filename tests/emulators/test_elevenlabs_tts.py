"""Text-to-speech through the real `elevenlabs` SDK: formats, alignment, quota, concurrency."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator

import pytest
from elevenlabs import AsyncElevenLabs, VoiceSettings
from elevenlabs.core.api_error import ApiError
from elevenlabs.errors import UnprocessableEntityError

from .elevenlabs import ElevenLabsEmulator, normalize
from .openai.common.audio import probe_duration

RACHEL = "21m00Tcm4TlvDq8ikWAM"
NO_RETRY = {"max_retries": 0}


@pytest.fixture
async def eleven_emu() -> AsyncIterator[ElevenLabsEmulator]:
    async with ElevenLabsEmulator(seconds_per_char=0.05) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
async def client(eleven_emu: ElevenLabsEmulator) -> AsyncIterator[AsyncElevenLabs]:
    async with eleven_emu.client() as real_client:
        yield real_client


async def collect(chunks: AsyncIterator[bytes]) -> bytes:
    return b"".join([chunk async for chunk in chunks])


async def test_convert_returns_real_mp3_with_cost_headers(
    eleven_emu: ElevenLabsEmulator, client: AsyncElevenLabs
) -> None:
    text = "A short line to speak."
    async with client.text_to_speech.with_raw_response.convert(
        RACHEL, text=text, model_id="eleven_flash_v2_5"
    ) as response:
        audio = await collect(response.data)
        headers = response.headers

    assert headers["content-type"] == "audio/mpeg"
    assert headers["character-cost"] == str(len(text))
    assert headers["request-id"]
    duration = probe_duration(audio)
    assert duration is not None
    assert duration == pytest.approx(len(text) * 0.05, abs=0.08)
    record = eleven_emu.requests.last("tts")
    assert record.param("output_format") is None  # the SDK omits it: the default applies
    assert record.notes["output_format"] == "mp3_44100_128"
    assert record.json == {"text": text, "model_id": "eleven_flash_v2_5"}


@pytest.mark.parametrize(
    ("output_format", "bytes_per_second"),
    [("pcm_16000", 32000), ("pcm_24000", 48000), ("ulaw_8000", 8000)],
)
async def test_raw_formats_have_exact_lengths(
    client: AsyncElevenLabs, output_format: str, bytes_per_second: int
) -> None:
    text = "Twenty characters!!!"
    audio = await collect(
        client.text_to_speech.convert(RACHEL, text=text, output_format=output_format)
    )
    assert len(audio) == pytest.approx(len(text) * 0.05 * bytes_per_second, abs=2)


async def test_opus_decodes(client: AsyncElevenLabs) -> None:
    audio = await collect(
        client.text_to_speech.stream(RACHEL, text="Opus please.", output_format="opus_48000_64")
    )
    assert probe_duration(audio) == pytest.approx(0.6, abs=0.05)


async def test_timestamps_alignment_and_normalized_alignment(client: AsyncElevenLabs) -> None:
    text = "I have 3 cats."
    spoken = await client.text_to_speech.convert_with_timestamps(RACHEL, text=text)

    assert spoken.alignment is not None
    assert spoken.normalized_alignment is not None
    assert "".join(spoken.alignment.characters) == text
    assert (
        "".join(spoken.normalized_alignment.characters) == normalize(text) == "I have three cats."
    )
    total = spoken.alignment.character_end_times_seconds[-1]
    assert spoken.normalized_alignment.character_end_times_seconds[-1] == total
    assert total == pytest.approx(len("I have three cats.") * 0.05)
    assert probe_duration(base64.b64decode(spoken.audio_base_64)) == pytest.approx(total, abs=0.08)


async def test_voice_settings_override_speed_and_are_recorded(
    eleven_emu: ElevenLabsEmulator, client: AsyncElevenLabs
) -> None:
    text = "Speed changes the timing."
    normal = await client.text_to_speech.convert_with_timestamps(RACHEL, text=text)
    faster = await client.text_to_speech.convert_with_timestamps(
        RACHEL, text=text, voice_settings=VoiceSettings(speed=1.2, stability=0.2)
    )

    assert normal.alignment is not None
    assert faster.alignment is not None
    ratio = (
        normal.alignment.character_end_times_seconds[-1]
        / (faster.alignment.character_end_times_seconds[-1])
    )
    assert ratio == pytest.approx(1.2, abs=0.01)
    settings = eleven_emu.requests.last("tts_timestamps").notes["voice_settings"]
    assert settings["speed"] == 1.2
    assert settings["stability"] == 0.2
    assert settings["similarity_boost"] == 0.75  # the stored setting


async def test_quota_is_charged_and_enforced() -> None:
    async with (
        ElevenLabsEmulator(character_limit=30, character_count=10) as emulator,
        emulator.client() as client,
    ):
        await client.text_to_speech.convert_with_timestamps(RACHEL, text="x" * 15)
        subscription = await client.user.subscription.get()
        with pytest.raises(ApiError) as caught:
            await client.text_to_speech.convert_with_timestamps(RACHEL, text="y" * 6)
        user = await client.user.get()

    assert subscription.character_count == 25
    assert subscription.character_limit - subscription.character_count == 5
    assert caught.value.status_code == 401  # 401, not 429
    assert caught.value.body["detail"]["status"] == "quota_exceeded"
    assert emulator.requests.count("tts_timestamps") == 2  # 401 is never retried
    assert emulator.characters_billed == 15
    assert user.subscription.character_count == 25


async def test_concurrency_limit_is_real() -> None:
    async with (
        ElevenLabsEmulator(max_concurrent=2, tts_latency=0.5) as emulator,
        emulator.client() as client,
    ):
        results = await asyncio.gather(
            *(
                client.text_to_speech.convert_with_timestamps(
                    RACHEL, text=f"Line {i}", request_options=NO_RETRY
                )
                for i in range(3)
            ),
            return_exceptions=True,
        )
        after = await client.text_to_speech.convert_with_timestamps(RACHEL, text="Later")

    errors = [r for r in results if isinstance(r, ApiError)]
    assert len(errors) == 1
    assert errors[0].status_code == 429
    assert errors[0].body["detail"]["status"] == "too_many_concurrent_requests"
    assert (errors[0].headers or {})["maximum-concurrent-requests"] == "2"
    assert after.alignment is not None
    assert emulator.state.peak_tts_in_flight == 2
    assert max(r.in_flight for r in emulator.requests.to("tts_timestamps")) == 3


@pytest.mark.parametrize(
    ("kwargs", "loc"),
    [
        ({"text": ""}, ["body", "text"]),
        ({"text": "hi", "model_id": "eleven_v9"}, ["body", "model_id"]),
        ({"text": "hi", "output_format": "wav_1"}, ["query", "output_format"]),
    ],
)
async def test_invalid_tts_is_422(
    client: AsyncElevenLabs, kwargs: dict[str, str], loc: list[str]
) -> None:
    with pytest.raises(UnprocessableEntityError) as caught:
        await client.text_to_speech.convert_with_timestamps(RACHEL, **kwargs)
    assert caught.value.body["detail"][0]["loc"] == loc


async def test_too_long_text_and_unknown_voice(client: AsyncElevenLabs) -> None:
    with pytest.raises(ApiError) as too_long:
        await client.text_to_speech.convert_with_timestamps(
            RACHEL, text="a" * 5001, model_id="eleven_v3"
        )
    with pytest.raises(ApiError) as unknown:
        await collect(client.text_to_speech.convert("no-such-voice", text="hi"))

    assert too_long.value.status_code == 400
    assert too_long.value.body["detail"]["status"] == "max_character_limit_exceeded"
    assert unknown.value.status_code == 404
