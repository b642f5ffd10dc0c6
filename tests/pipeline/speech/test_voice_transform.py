"""The voice match's DSP on real espeak speech: Change gender, the wrapper synth, the sweep.

"User samples" are espeak variants reading a different sentence from the stock voice, as in
the offline voice probe: ru+f3 at pitch 80 (0.6 here) stands in for a woman's recording.
"""

import wave
from pathlib import Path

import numpy as np
import parselmouth
import pytest

from core.project_options import VoiceChoice
from pipeline.speech.base import Speech, VoiceParams
from pipeline.speech.espeak import EspeakSynth
from pipeline.speech.matched import MatchedSynth, with_voice_match
from pipeline.voices.speaker import MfccScorer, make_scorer
from pipeline.voices.sweep import scorer_input, sweep_transform
from pipeline.voices.transform import Transform, change_gender, pitch_stats, transform_wav
from pipeline.wallet import Wallet

USER_TEXT = (
    "Знаете ли вы, что у осьминога три сердца и голубая кровь? Учёные говорят, что "
    "осьминоги умеют открывать банки и узнают людей в лицо."
)
STOCK_TEXT = "Сегодня хорошая погода, и мы идём гулять в парк. На ветках поют птицы."
USER = VoiceParams("ru+f3", 1.0, 0.6)
STOCK = VoiceParams("ru", 1.0, 0.0)


def cents(a: float, b: float) -> float:
    return 1200 * float(np.log2(a / b))


def samples_of(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(float) / 32768


@pytest.fixture(scope="module")
async def voices(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("voice-transform")
    synth = EspeakSynth()
    await synth.synthesize(USER_TEXT, "ru", USER, folder / "user.wav")
    await synth.synthesize(STOCK_TEXT, "ru", STOCK, folder / "stock.wav")
    return {"user": folder / "user.wav", "stock": folder / "stock.wav", "folder": folder}


def user_target(user_wav: Path, stock: parselmouth.Sound, ratio: float) -> Transform:
    user = pitch_stats(parselmouth.Sound(str(user_wav)))
    return Transform(user.median_hz, user.range_st / pitch_stats(stock).range_st, ratio)


def test_change_gender_lands_on_the_target_and_keeps_the_length(
    voices: dict[str, Path],
) -> None:
    stock = parselmouth.Sound(str(voices["stock"]))
    target = user_target(voices["user"], stock, 1.25)
    out = transform_wav(voices["stock"], voices["folder"] / "changed.wav", target)

    changed = samples_of(out)
    assert changed.size == samples_of(voices["stock"]).size  # word timings stay valid
    achieved = pitch_stats(parselmouth.Sound(str(out)))
    assert abs(cents(achieved.median_hz, target.pitch_median_hz)) < 50
    assert np.abs(changed).max() == pytest.approx(10 ** (-1 / 20), abs=0.01)  # -1 dBFS
    assert not np.any(np.abs(changed) >= 0.999)
    assert np.isfinite(changed).all()


def test_transform_params_round_trip() -> None:
    transform = Transform(278.41234, 0.73456, 1.25)
    stored = transform.as_params()
    assert stored == {"pitch_median_hz": 278.412, "range_factor": 0.735, "formant_ratio": 1.25}
    assert Transform.from_params(stored) == Transform(278.412, 0.735, 1.25)


class RecordingEspeak(EspeakSynth):
    """Real espeak that keeps what it returned (espeak's length varies by a few ms a run)."""

    spoken: Speech | None = None

    async def synthesize(
        self,
        text: str,
        language: str,
        params: VoiceParams,
        out: Path,
        *,
        wallet: Wallet | None = None,
    ) -> Speech:
        self.spoken = await super().synthesize(text, language, params, out, wallet=wallet)
        return self.spoken


async def test_matched_synth_transforms_and_keeps_word_timings(voices: dict[str, Path]) -> None:
    folder = voices["folder"] / "out"
    inner = RecordingEspeak()
    matched = await MatchedSynth(inner, Transform(250.0, 1.0, 1.2)).synthesize(
        STOCK_TEXT, "ru", STOCK, folder / "matched.wav"
    )
    plain = inner.spoken
    assert plain is not None
    assert (matched.words, matched.duration, matched.engine) == (
        plain.words,
        plain.duration,
        "espeak",
    )
    with wave.open(str(matched.wav), "rb") as w:
        assert w.getnframes() / w.getframerate() == pytest.approx(plain.duration, abs=1e-6)
    achieved = pitch_stats(parselmouth.Sound(str(matched.wav))).median_hz
    assert abs(cents(achieved, 250.0)) < 50
    assert [p.name for p in folder.iterdir()] == ["matched.wav"]  # the stock WAV is gone


def test_only_a_voice_with_a_transform_is_wrapped() -> None:
    synth = EspeakSynth()
    assert with_voice_match(synth, VoiceChoice()) is synth
    assert with_voice_match(synth, VoiceChoice(name="ru+f3")) is synth
    stored = {"pitch_median_hz": 200.0, "range_factor": 1.0, "formant_ratio": 1.1}
    wrapped = with_voice_match(synth, VoiceChoice(transform=stored))
    assert isinstance(wrapped, MatchedSynth)
    assert (wrapped.name, wrapped.transform) == ("espeak", Transform(200.0, 1.0, 1.1))


def test_the_pitch_setting_still_moves_a_matched_voice() -> None:
    """A voice matched at pitch setting 0.2 and turned up to 0.7 speaks 4 semitones higher."""
    stored = {"pitch_median_hz": 200.0, "range_factor": 1.0, "formant_ratio": 1.1}
    voice = {"pitch": 0.7, "transform": {**stored, "base_pitch": 0.2}}
    wrapped = with_voice_match(EspeakSynth(), VoiceChoice.model_validate(voice))
    assert isinstance(wrapped, MatchedSynth)
    assert wrapped.transform.pitch_median_hz == pytest.approx(200.0 * 2 ** (4 / 12))
    unchanged = with_voice_match(
        EspeakSynth(), VoiceChoice.model_validate({**voice, "pitch": 0.2})
    )
    assert isinstance(unchanged, MatchedSynth)
    assert unchanged.transform == Transform(200.0, 1.0, 1.1)


def test_mfcc_scorer_is_the_fallback_and_still_finds_the_timbre(
    voices: dict[str, Path],
) -> None:
    user = parselmouth.Sound(str(voices["user"]))
    reference = scorer_input(user)
    scorer = make_scorer(reference, prefer_embedding=False)
    assert isinstance(scorer, MfccScorer)
    assert scorer.similarity(reference) == pytest.approx(1.0)
    stock = parselmouth.Sound(str(voices["stock"]))
    before = scorer.similarity(scorer_input(stock))
    result = sweep_transform(stock, pitch_stats(user), scorer, pitch_factors=())
    assert result.scorer == "mfcc"
    assert result.tries == 12
    assert result.transform.formant_ratio > 1.0  # a woman's formants sit higher
    assert result.score > before


def test_speaker_similarity_rises_for_the_espeak_f3_case(voices: dict[str, Path]) -> None:
    """The probe's case (0.712 -> 0.924 there): stock espeak ru against ru+f3 at pitch 80,
    swept on one sentence and checked on another."""
    user = parselmouth.Sound(str(voices["user"]))
    scorer = make_scorer(scorer_input(user))
    assert scorer.name == "resemblyzer"
    stock = parselmouth.Sound(str(voices["stock"]))
    sweep_part = stock.extract_part(from_time=0.0, to_time=stock.duration / 2)
    check_part = stock.extract_part(from_time=stock.duration / 2, to_time=stock.duration)
    result = sweep_transform(sweep_part, pitch_stats(user), scorer)
    before = scorer.similarity(scorer_input(check_part))
    after = scorer.similarity(scorer_input(change_gender(check_part, result.transform)))
    assert result.transform.formant_ratio >= 1.1
    assert after > before + 0.05
