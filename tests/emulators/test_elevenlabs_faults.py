"""ElevenLabs faults against the real SDK.

What the SDK does (elevenlabs.md §1): non-2xx on these endpoints raise plain `ApiError`
(422 raises `UnprocessableEntityError`), even for 401. `request()` calls, such as
`convert_with_timestamps`, retry 429/408/409/5xx (Retry-After honoured, else 1 s x 2^n);
streaming calls (`convert`, `stream`) never retry.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator

import httpx
import pytest
from elevenlabs import AsyncElevenLabs
from elevenlabs.core.api_error import ApiError

from .elevenlabs import ElevenLabsEmulator
from .openai.common.audio import probe_duration

RACHEL = "21m00Tcm4TlvDq8ikWAM"


@pytest.fixture
async def eleven_emu() -> AsyncIterator[ElevenLabsEmulator]:
    async with ElevenLabsEmulator() as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
async def client(eleven_emu: ElevenLabsEmulator) -> AsyncIterator[AsyncElevenLabs]:
    async with eleven_emu.client() as real_client:
        yield real_client


async def test_bad_key_is_api_error_401(eleven_emu: ElevenLabsEmulator) -> None:
    async with eleven_emu.client(api_key="wrong") as client:
        with pytest.raises(ApiError) as caught:
            await client.voices.get_all()

    assert type(caught.value) is ApiError  # not UnauthorizedError on these endpoints
    assert caught.value.status_code == 401
    assert caught.value.body == {
        "detail": {"status": "invalid_api_key", "message": "Invalid API key"}
    }
    assert eleven_emu.requests.last().auth == "bad"


async def test_injected_401_on_tts(
    eleven_emu: ElevenLabsEmulator, client: AsyncElevenLabs
) -> None:
    eleven_emu.faults.unauthorized("tts")
    with pytest.raises(ApiError) as caught:
        async for _ in client.text_to_speech.convert(RACHEL, text="hi"):
            pass
    assert caught.value.status_code == 401


async def test_system_busy_is_retried_by_request_calls_after_retry_after(
    eleven_emu: ElevenLabsEmulator, client: AsyncElevenLabs
) -> None:
    eleven_emu.faults.system_busy("tts_timestamps", retry_after=1)

    spoken = await client.text_to_speech.convert_with_timestamps(RACHEL, text="Busy?")

    assert spoken.alignment is not None
    assert eleven_emu.requests.statuses("tts_timestamps") == [429, 200]
    assert eleven_emu.characters_billed == len("Busy?")  # the 429 cost nothing


async def test_streaming_convert_does_not_retry_429(
    eleven_emu: ElevenLabsEmulator, client: AsyncElevenLabs
) -> None:
    eleven_emu.faults.system_busy("tts")
    with pytest.raises(ApiError) as caught:
        async for _ in client.text_to_speech.convert(RACHEL, text="hi"):
            pass

    assert caught.value.status_code == 429
    assert caught.value.body["detail"]["status"] == "system_busy"
    assert (caught.value.headers or {})["retry-after"] == "1"
    assert eleven_emu.requests.count("tts") == 1


async def test_quota_exceeded_fault_is_401_and_not_retried(
    eleven_emu: ElevenLabsEmulator, client: AsyncElevenLabs
) -> None:
    eleven_emu.faults.quota_exceeded("tts_timestamps")
    with pytest.raises(ApiError) as caught:
        await client.text_to_speech.convert_with_timestamps(RACHEL, text="hi")
    assert caught.value.body["detail"]["status"] == "quota_exceeded"
    assert eleven_emu.requests.count("tts_timestamps") == 1


async def test_500_surfaces_without_retries_and_is_retried_with_them(
    eleven_emu: ElevenLabsEmulator, client: AsyncElevenLabs
) -> None:
    eleven_emu.faults.server_error("tts_timestamps", times=2)
    with pytest.raises(ApiError) as caught:
        await client.text_to_speech.convert_with_timestamps(
            RACHEL, text="hi", request_options={"max_retries": 0}
        )
    spoken = await client.text_to_speech.convert_with_timestamps(
        RACHEL, text="hi", request_options={"max_retries": 1}
    )

    assert caught.value.status_code == 500
    assert spoken.alignment is not None
    assert eleven_emu.requests.statuses("tts_timestamps") == [500, 500, 200]


async def test_slow_tts_times_out(eleven_emu: ElevenLabsEmulator, client: AsyncElevenLabs) -> None:
    eleven_emu.faults.slow("tts_timestamps", 5.0)
    with pytest.raises(httpx.ReadTimeout):
        await client.text_to_speech.convert_with_timestamps(
            RACHEL, text="hi", request_options={"timeout_in_seconds": 1, "max_retries": 0}
        )


async def test_truncated_audio(eleven_emu: ElevenLabsEmulator, client: AsyncElevenLabs) -> None:
    text = "This sentence is long enough to cut."
    whole = await client.text_to_speech.convert_with_timestamps(RACHEL, text=text)
    eleven_emu.faults.malformed("tts_timestamps")
    cut = await client.text_to_speech.convert_with_timestamps(RACHEL, text=text)

    full_audio = base64.b64decode(whole.audio_base_64)
    cut_audio = base64.b64decode(cut.audio_base_64)
    assert len(cut_audio) == len(full_audio) // 2
    assert cut.alignment == whole.alignment  # the alignment promises more than the audio has
    full_seconds, cut_seconds = probe_duration(full_audio), probe_duration(cut_audio)
    assert full_seconds is not None
    assert cut_seconds is not None
    assert cut_seconds < full_seconds * 0.6


async def test_silent_audio_is_charged(
    eleven_emu: ElevenLabsEmulator, client: AsyncElevenLabs
) -> None:
    eleven_emu.faults.silent_audio()
    text = "Silence, but paid for."
    answer = await client.text_to_speech.convert_with_timestamps(
        RACHEL, text=text, output_format="pcm_24000"
    )

    audio = base64.b64decode(answer.audio_base_64)
    assert answer.alignment is not None
    spoken_s = answer.alignment.character_end_times_seconds[-1]
    assert len(audio) / 2 / 24000 == pytest.approx(spoken_s, abs=0.01)  # the full length...
    assert not any(audio)  # ...of zero samples
    assert eleven_emu.characters_billed == len(text)
