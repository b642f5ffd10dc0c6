"""Real espeak-ng synthesis through the wheel's library."""

import asyncio
from pathlib import Path

import pytest

from core.errors import InvalidInput, UnsupportedLanguage
from pipeline.speech.base import Speech, VoiceParams
from pipeline.speech.errors import VoiceNotFound
from pipeline.speech.espeak import EspeakSynth
from pipeline.speech.wav import measure

RU = "Знаете ли вы, что у осьминога три сердца? В 2025 году учёные нашли ещё 5% новых видов."
EN = "Octopuses have three hearts. In 2025, scientists found 5% more species — amazing!"


def leftovers(folder: Path) -> list[Path]:
    return list(folder.iterdir())


def assert_consistent(speech: Speech, text: str) -> None:
    """One timing per word as written, monotonic, non-overlapping and inside the audio."""
    assert [w.text for w in speech.words] == text.split()
    assert speech.words[0].start == 0.0
    for word, after in zip(speech.words, speech.words[1:], strict=False):
        assert word.start <= word.end == after.start
    assert speech.words[-1].end <= speech.duration


@pytest.mark.parametrize(("language", "text"), [("ru", RU), ("en", EN)])
async def test_speaks_wav_with_word_timings(tmp_path: Path, language: str, text: str) -> None:
    out = tmp_path / "voice.wav"
    speech = await EspeakSynth().synthesize(text, language, VoiceParams(), out)

    stats = measure(out)
    assert speech.wav == out
    assert speech.engine == "espeak"
    assert stats.rate == 22050
    assert speech.duration == pytest.approx(stats.duration)
    assert 1.5 < len(text.split()) / speech.duration < 5  # words per second
    assert stats.peak > 0.3
    assert_consistent(speech, text)
    assert speech.words[-1].end == pytest.approx(stats.voiced_end, abs=0.001)
    assert leftovers(tmp_path) == [out]  # the temp file was renamed, not left behind


async def test_numbers_and_punctuation_map_to_written_words(tmp_path: Path) -> None:
    text = "В 2025 году рост 5%, а не 10,5 — правда?"
    speech = await EspeakSynth().synthesize(text, "ru", VoiceParams(), tmp_path / "n.wav")

    timings = {w.text: w.end - w.start for w in speech.words}
    assert_consistent(speech, text)
    assert timings["2025"] > 3 * timings["году"]  # "две тысячи двадцать пятом"
    assert timings["5%,"] > timings["рост"]  # "пять процентов"
    assert timings["—"] == 0.0  # not spoken: shown, never highlighted
    assert timings["правда?"] > 0.2


async def test_speed_and_pitch_change_the_audio(tmp_path: Path) -> None:
    synth = EspeakSynth()
    normal = await synth.synthesize(EN, "en", VoiceParams(), tmp_path / "a.wav")
    fast = await synth.synthesize(EN, "en", VoiceParams(speed=1.5), tmp_path / "b.wav")
    high = await synth.synthesize(EN, "en", VoiceParams(pitch=1.0), tmp_path / "c.wav")

    assert fast.duration < 0.8 * normal.duration
    assert (tmp_path / "c.wav").read_bytes() != (tmp_path / "a.wav").read_bytes()
    assert len(high.words) == len(normal.words)


async def test_concurrent_calls_are_serialised(tmp_path: Path) -> None:
    synth = EspeakSynth()
    jobs = [("ru", RU), ("en", EN), ("ru", "Привет, мир!"), ("en", "Hello there.")]
    alone = [
        await synth.synthesize(text, lang, VoiceParams(), tmp_path / f"alone{i}.wav")
        for i, (lang, text) in enumerate(jobs)
    ]
    together = await asyncio.gather(
        *(
            synth.synthesize(text, lang, VoiceParams(), tmp_path / f"together{i}.wav")
            for i, (lang, text) in enumerate(jobs)
        )
    )
    # espeak-ng varies by a few milliseconds from call to call, so compare loosely: mixed-up
    # callbacks from overlapping calls would be off by seconds, not milliseconds.
    for (_, text), a, b in zip(jobs, alone, together, strict=True):
        assert_consistent(b, text)
        assert b.duration == pytest.approx(a.duration, abs=0.05)
        for x, y in zip(a.words, b.words, strict=True):
            assert y.start == pytest.approx(x.start, abs=0.03)


async def test_long_text(tmp_path: Path) -> None:
    text = " ".join([RU] * 60)  # 900 words, about six minutes of speech
    speech = await EspeakSynth().synthesize(text, "ru", VoiceParams(), tmp_path / "long.wav")

    assert_consistent(speech, text)
    assert speech.duration > 300


async def test_control_characters_and_newlines_are_whitespace(tmp_path: Path) -> None:
    text = "Первая строка.\nВторая\tстрока\x00 здесь."
    speech = await EspeakSynth().synthesize(text, "ru", VoiceParams(), tmp_path / "c.wav")

    assert [w.text for w in speech.words] == ["Первая", "строка.", "Вторая", "строка", "здесь."]


@pytest.mark.parametrize("text", ["", "   \n", "— ... !"])
async def test_nothing_to_speak_is_rejected(tmp_path: Path, text: str) -> None:
    with pytest.raises(InvalidInput, match="no word to speak"):
        await EspeakSynth().synthesize(text, "ru", VoiceParams(), tmp_path / "e.wav")
    assert not leftovers(tmp_path)


async def test_bad_requests_are_rejected(tmp_path: Path) -> None:
    synth = EspeakSynth()
    with pytest.raises(UnsupportedLanguage):
        await synth.synthesize("Hola", "es", VoiceParams(), tmp_path / "x.wav")
    with pytest.raises(InvalidInput, match="speed"):
        await synth.synthesize("Привет", "ru", VoiceParams(speed=0), tmp_path / "x.wav")
    with pytest.raises(VoiceNotFound):
        await synth.synthesize("Привет", "ru", VoiceParams(voice="no-such"), tmp_path / "x.wav")
    assert not leftovers(tmp_path)
    assert synth.languages() == {"ru", "en"}


async def test_voice_variant(tmp_path: Path) -> None:
    speech = await EspeakSynth().synthesize(
        "Привет, мир!", "ru", VoiceParams(voice="ru+f3"), tmp_path / "f.wav"
    )
    assert [w.text for w in speech.words] == ["Привет,", "мир!"]
