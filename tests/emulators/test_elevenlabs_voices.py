"""Instant Voice Cloning, voices and voice settings through the real `elevenlabs` SDK."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator

import pytest
from elevenlabs import AsyncElevenLabs, VoiceSettings
from elevenlabs.core.api_error import ApiError
from elevenlabs.errors import UnprocessableEntityError

from .elevenlabs import DEFAULT_SETTINGS, PREMADE, ElevenLabsEmulator
from .openai.common.audio import encode_audio, probe_duration, tone_track


def sample(seconds: float = 1.0) -> bytes:
    return encode_audio(tone_track([(0.1, seconds - 0.1)], seconds, 16000), 16000, "wav")


@pytest.fixture
async def eleven_emu() -> AsyncIterator[ElevenLabsEmulator]:
    async with ElevenLabsEmulator() as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
async def client(eleven_emu: ElevenLabsEmulator) -> AsyncIterator[AsyncElevenLabs]:
    async with eleven_emu.client() as real_client:
        yield real_client


async def test_clone_speak_with_timestamps_then_delete(
    eleven_emu: ElevenLabsEmulator, client: AsyncElevenLabs
) -> None:
    created = await client.voices.ivc.create(
        name="Alice",
        files=[("one.wav", sample(1.0), "audio/wav"), ("two.wav", sample(2.0), "audio/wav")],
        labels={"language": "ru", "gender": "female"},
        description="Test voice",
    )
    voice = await client.voices.get(created.voice_id)
    text = "Hello dear world"
    spoken = await client.text_to_speech.convert_with_timestamps(
        created.voice_id, text=text, model_id="eleven_multilingual_v2"
    )
    await client.voices.delete(created.voice_id)

    assert created.requires_verification is False
    assert voice.name == "Alice"
    assert voice.category == "cloned"
    assert voice.labels == {"language": "ru", "gender": "female"}
    assert [s.file_name for s in voice.samples or []] == ["one.wav", "two.wav"]
    alignment = spoken.alignment
    assert alignment is not None
    assert alignment.characters == list(text)
    starts, ends = alignment.character_start_times_seconds, alignment.character_end_times_seconds
    assert len(starts) == len(ends) == len(text)
    assert all(s < e for s, e in zip(starts, ends, strict=True))
    assert starts == sorted(starts)
    audio = base64.b64decode(spoken.audio_base_64)
    duration = probe_duration(audio)
    assert duration is not None
    assert duration == pytest.approx(ends[-1], abs=0.08)  # MP3 frame padding
    words = "".join(alignment.characters).split(" ")
    assert words == ["Hello", "dear", "world"]
    record = eleven_emu.requests.last("ivc")
    assert record.form["name"] == ["Alice"]
    assert json.loads(record.form["labels"][0]) == {"language": "ru", "gender": "female"}
    assert [f.filename for f in record.files] == ["one.wav", "two.wav"]
    assert record.file_sizes("files") == [len(sample(1.0)), len(sample(2.0))]
    assert record.header("xi-api-key") == "<redacted>"
    with pytest.raises(ApiError) as caught:
        await client.voices.get(created.voice_id)
    assert caught.value.status_code == 404
    assert caught.value.body["detail"]["status"] == "voice_not_found"
    assert (await client.user.subscription.get()).voice_slots_used == 0


async def test_clone_without_labels_sends_null_and_is_accepted(
    eleven_emu: ElevenLabsEmulator, client: AsyncElevenLabs
) -> None:
    created = await client.voices.ivc.create(name="Bob", files=[("b.wav", sample(), "audio/wav")])

    assert eleven_emu.requests.last("ivc").form["labels"] == ["null"]
    assert eleven_emu.voices[created.voice_id].labels == {}
    assert eleven_emu.voices[created.voice_id].samples[0].duration == pytest.approx(1.0)


async def test_clone_requires_files(client: AsyncElevenLabs) -> None:
    with pytest.raises(UnprocessableEntityError) as caught:
        await client.voices.ivc.create(name="Nobody", files=[])
    assert caught.value.status_code == 422
    assert caught.value.body["detail"][0]["loc"] == ["body", "files"]


async def test_voice_limit() -> None:
    async with (
        ElevenLabsEmulator(voice_limit=1) as emulator,
        emulator.client() as limited,
    ):
        await limited.voices.ivc.create(name="One", files=[("a.wav", sample(), "audio/wav")])
        with pytest.raises(ApiError) as caught:
            await limited.voices.ivc.create(name="Two", files=[("a.wav", sample(), "audio/wav")])
    assert caught.value.status_code == 400
    assert caught.value.body["detail"]["status"] == "voice_limit_reached"


async def test_voices_list_includes_premade_and_clones(client: AsyncElevenLabs) -> None:
    created = await client.voices.ivc.create(name="Cleo", files=[("c.wav", sample(), "audio/wav")])

    listed = await client.voices.get_all()

    ids = [voice.voice_id for voice in listed.voices]
    assert set(PREMADE) <= set(ids)
    assert created.voice_id in ids
    assert len(created.voice_id) == 20


async def test_voice_settings_get_edit_default(client: AsyncElevenLabs) -> None:
    created = await client.voices.ivc.create(name="Dan", files=[("d.wav", sample(), "audio/wav")])

    default = await client.voices.settings.get_default()
    await client.voices.settings.update(
        created.voice_id, request=VoiceSettings(stability=0.3, similarity_boost=0.9, speed=1.1)
    )
    stored = await client.voices.settings.get(created.voice_id)

    assert default.stability == DEFAULT_SETTINGS["stability"]
    assert (stored.stability, stored.similarity_boost, stored.speed) == (0.3, 0.9, 1.1)
    assert stored.use_speaker_boost is True


async def test_voice_settings_out_of_range_is_422(client: AsyncElevenLabs) -> None:
    with pytest.raises(UnprocessableEntityError):
        await client.voices.settings.update(
            next(iter(PREMADE)), request=VoiceSettings(stability=1.5)
        )
