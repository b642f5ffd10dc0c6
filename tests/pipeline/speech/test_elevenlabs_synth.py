"""ElevenLabsSynth with the real `elevenlabs` SDK against the ElevenLabs emulator."""

import base64
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from core.errors import InvalidInput
from core.settings import ElevenLabsSettings
from pipeline.speech.base import VoiceParams
from pipeline.speech.elevenlabs import (
    CharacterQuotaExceeded,
    ElevenLabsAnswerUnusable,
    ElevenLabsRejected,
    ElevenLabsSynth,
    ElevenLabsUnavailable,
    word_marks,
)
from pipeline.speech.wav import measure
from tests.emulators.elevenlabs import DEFAULT_KEY, ElevenLabsEmulator
from tests.emulators.openai.common.audio import encode_audio, tone_track

RACHEL, ADAM = "21m00Tcm4TlvDq8ikWAM", "pNInz6obpgDQGcFmaJgB"
SECONDS_PER_CHAR = 0.06


def account(emulator: ElevenLabsEmulator, key: str = DEFAULT_KEY) -> ElevenLabsSettings:
    return ElevenLabsSettings(
        base_url=emulator.base_url, api_key=SecretStr(key), voice_id=RACHEL, timeout_s=10
    )


@pytest.fixture
async def eleven_emu() -> AsyncIterator[ElevenLabsEmulator]:
    async with ElevenLabsEmulator(seconds_per_char=SECONDS_PER_CHAR) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Cats sleep sixteen hours a day, and dream of fish."),
        ("ru", "Кошки спят шестнадцать часов в сутки и видят во сне рыбу."),
    ],
)
async def test_speaks_wav_with_one_timing_per_word(
    eleven_emu: ElevenLabsEmulator, tmp_path: Path, language: str, text: str
) -> None:
    synth = ElevenLabsSynth(account(eleven_emu))
    out = tmp_path / "voice.wav"

    speech = await synth.synthesize(text, language, VoiceParams(), out)

    assert speech.engine == "elevenlabs"
    assert speech.wav == out
    stats = measure(out)
    assert stats.rate == 24000
    assert stats.duration == pytest.approx(len(text) * SECONDS_PER_CHAR, abs=0.05)
    assert speech.duration == pytest.approx(stats.duration)
    assert [w.text for w in speech.words] == text.split()
    starts = [w.start for w in speech.words]
    assert starts == sorted(starts)
    assert all(w.start < w.end for w in speech.words)
    # A word starts at its first character's start time.
    second = text.index(text.split()[1])
    assert starts[1] == pytest.approx(second * SECONDS_PER_CHAR, abs=0.002)
    assert speech.words[-1].end <= speech.duration + 0.001
    assert eleven_emu.characters_billed == len(text)
    record = eleven_emu.requests.last("tts_timestamps")
    assert record.notes["voice_id"] == RACHEL
    assert record.notes["model_id"] == "eleven_multilingual_v2"
    assert record.notes["output_format"] == "pcm_24000"
    assert not list(tmp_path.glob(".*.part"))


async def test_voice_id_and_speed_reach_the_api(
    eleven_emu: ElevenLabsEmulator, tmp_path: Path
) -> None:
    synth = ElevenLabsSynth(account(eleven_emu))

    await synth.synthesize(
        "Faster now.", "en", VoiceParams(voice=ADAM, speed=1.5), tmp_path / "a.wav"
    )
    await synth.synthesize("Espeak name.", "en", VoiceParams(voice="en-us"), tmp_path / "b.wav")

    fast, named = eleven_emu.requests.to("tts_timestamps")
    assert fast.notes["voice_id"] == ADAM
    assert fast.notes["voice_settings"]["speed"] == 1.2  # clamped to the API's range
    assert named.notes["voice_id"] == RACHEL  # not an ElevenLabs id: the default voice
    assert named.notes["voice_settings"]["speed"] == 1.0


async def test_not_enough_characters_left_is_permanent(tmp_path: Path) -> None:
    text = "This sentence has forty-one characters..."
    async with ElevenLabsEmulator(character_limit=100, character_count=70) as emulator:
        synth = ElevenLabsSynth(account(emulator))
        with pytest.raises(CharacterQuotaExceeded, match=r"needs 41 .* only 30 left") as caught:
            await synth.synthesize(text, "en", VoiceParams(), tmp_path / "q.wav")

    assert caught.value.transient is False
    assert caught.value.params == {"engine": "elevenlabs", "needed": 41, "left": 30}
    assert emulator.requests.count("tts_timestamps") == 0
    assert emulator.characters_billed == 0
    assert not (tmp_path / "q.wav").exists()


@pytest.mark.parametrize(
    ("inject", "error", "transient"),
    [
        (lambda emu: emu.faults.system_busy("tts_timestamps"), ElevenLabsUnavailable, True),
        (
            lambda emu: emu.faults.too_many_concurrent("tts_timestamps"),
            ElevenLabsUnavailable,
            True,
        ),
        (lambda emu: emu.faults.server_error("tts_timestamps", 503), ElevenLabsUnavailable, True),
        (lambda emu: emu.faults.quota_exceeded("tts_timestamps"), ElevenLabsRejected, False),
        (lambda emu: emu.faults.unauthorized("subscription"), ElevenLabsRejected, False),
    ],
    ids=["system_busy", "too_many_concurrent", "503", "quota_exceeded", "unauthorized"],
)
async def test_errors_are_mapped(
    eleven_emu: ElevenLabsEmulator, tmp_path: Path, inject: object, error: type, transient: bool
) -> None:
    assert callable(inject)
    inject(eleven_emu)
    synth = ElevenLabsSynth(account(eleven_emu), max_retries=0)

    with pytest.raises(error) as caught:
        await synth.synthesize("Hello there.", "en", VoiceParams(), tmp_path / "e.wav")

    assert caught.value.transient is transient
    assert DEFAULT_KEY not in str(caught.value)
    assert not (tmp_path / "e.wav").exists()


async def test_sdk_retries_a_single_429(eleven_emu: ElevenLabsEmulator, tmp_path: Path) -> None:
    eleven_emu.faults.system_busy("tts_timestamps", retry_after=0)
    synth = ElevenLabsSynth(account(eleven_emu), max_retries=1)

    speech = await synth.synthesize("Busy, then fine.", "en", VoiceParams(), tmp_path / "r.wav")

    assert speech.engine == "elevenlabs"
    assert eleven_emu.requests.statuses("tts_timestamps") == [429, 200]


async def test_timeout_is_transient(eleven_emu: ElevenLabsEmulator, tmp_path: Path) -> None:
    eleven_emu.faults.slow("tts_timestamps", 3.0)
    settings = account(eleven_emu).model_copy(update={"timeout_s": 0.5})
    synth = ElevenLabsSynth(settings, max_retries=0)

    with pytest.raises(ElevenLabsUnavailable, match="timed out"):
        await synth.synthesize("Slow.", "en", VoiceParams(), tmp_path / "t.wav")


async def test_cut_audio_is_permanent(eleven_emu: ElevenLabsEmulator, tmp_path: Path) -> None:
    """It was paid for: asking again would be paid again, so it is not transient."""
    eleven_emu.faults.malformed("tts_timestamps")
    synth = ElevenLabsSynth(account(eleven_emu))

    with pytest.raises(ElevenLabsAnswerUnusable, match="cut off") as caught:
        await synth.synthesize(
            "This sentence is long enough to cut.", "en", VoiceParams(), tmp_path / "c.wav"
        )
    assert caught.value.transient is False
    assert not (tmp_path / "c.wav").exists()


async def test_empty_text_never_calls_the_api(
    eleven_emu: ElevenLabsEmulator, tmp_path: Path
) -> None:
    synth = ElevenLabsSynth(account(eleven_emu))
    with pytest.raises(InvalidInput):
        await synth.synthesize(" ... ", "en", VoiceParams(), tmp_path / "x.wav")
    assert eleven_emu.requests.count("subscription") == 0


def test_cost_and_languages() -> None:
    synth = ElevenLabsSynth(ElevenLabsSettings(price_per_1k_chars=0.30))
    assert synth.cost_usd(2000) == pytest.approx(0.60)
    assert {"ru", "en"} <= synth.languages()


def test_word_marks_follow_words_heard_not_characters() -> None:
    # Normalized alignment: "3" is heard as "three"; words still map one to one.
    heard = "I have three cats."
    starts = [i * 0.1 for i in range(len(heard))]
    marks = word_marks("I have 3 cats.", list(heard), starts)
    assert marks == [(0, 0.0), (2, 0.2), (7, pytest.approx(0.7)), (9, pytest.approx(1.3))]


async def test_an_answer_without_timings_is_kept_for_transcription(
    eleven_emu: ElevenLabsEmulator, tmp_path: Path
) -> None:
    """Paid for already: the audio is used and the voice stage times its words by
    transcription (free offline) rather than asking ElevenLabs again."""
    tone = tone_track([(0.1, 0.9)], 1.0, 24000)
    audio = base64.b64encode(encode_audio(tone, 24000, "pcm")).decode()
    untimed = {"audio_base64": audio, "alignment": None, "normalized_alignment": None}
    eleven_emu.faults.raw("tts_timestamps", 200, untimed)
    synth = ElevenLabsSynth(account(eleven_emu))

    speech = await synth.synthesize("Hello there.", "en", VoiceParams(), tmp_path / "u.wav")

    assert speech.words == ()
    assert speech.duration == pytest.approx(1.0)
    assert speech.metered
    assert measure(speech.wav).duration == pytest.approx(1.0)
