"""The voice match's second step: a pitch/timbre adjustment of the matched stock voice.

After the stock match, Change gender moves the stock voice's pitch median, range and formants
towards the user's samples (the ratio from a sweep on the calibration text). Speaker
similarity to the samples is then measured on a different sentence, before (the plain stock
voice) and after (transformed); the adjustment is kept only when it helps. It is not a clone.
"""
# ruff: noqa: RUF001  # Russian test text: the Cyrillic look-alike letters are intended

import asyncio
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import parselmouth

from core.ports import StudioProgress, StudioStep
from db.models import VoiceSample
from pipeline.speech.base import VoiceParams
from pipeline.speech.espeak import EspeakSynth
from pipeline.voices.calibration import TEXTS
from pipeline.voices.decode import decode_audio
from pipeline.voices.match import VoiceMatch
from pipeline.voices.quality import GOOD_SCORE
from pipeline.voices.speaker import RATE, Floats, make_scorer
from pipeline.voices.sweep import OnTry, scorer_input, sweep_transform
from pipeline.voices.transform import Transform, change_gender, pitch_stats
from storage.disk import Storage

# Scored before and after; the sweep used TEXTS, so the choice is checked on unseen speech.
TEST_TEXTS = {
    "ru": "Вечером мы пили чай с малиновым вареньем и говорили о дальних путешествиях.",
    "en": "In the evening we drank tea with raspberry jam and talked about long sea voyages.",
}
REFERENCE_S = 60.0  # of the user's speech scored against; more adds time, not accuracy
MIN_GAIN = 0.01  # a smaller gain is not worth the roughness Change gender can add
REPORT_WAIT_S = 10.0  # the sweep's thread waits this long at most for a progress report


@dataclass(frozen=True, slots=True)
class MatchAdjustment:
    """The chosen transform and the similarity of the stock voice before and after it."""

    transform: Transform
    before: float
    after: float
    scorer: str
    base_pitch: float  # the stock voice's pitch setting the transform was fitted on

    @property
    def kept(self) -> bool:
        """Whether the transform improves similarity enough to be used."""
        return self.after >= self.before + MIN_GAIN

    def params(self) -> dict[str, Any]:
        """`Voice.params` additions: the transform, only when it is kept."""
        if not self.kept:
            return {}
        return {"transform": {**self.transform.as_params(), "base_pitch": self.base_pitch}}

    def measured(self) -> dict[str, Any]:
        """`Voice.measured` additions: the scores and the transform tried."""
        return {
            "similarity": {
                "before": round(self.before, 3),
                "after": round(self.after, 3),
                "scorer": self.scorer,
                "kept": self.kept,
            },
            "transform": self.transform.as_params(),
        }


def reference_audio(paths: Sequence[Path]) -> Floats:
    """The samples decoded to 16 kHz mono and joined, at most REFERENCE_S (blocking)."""
    clips = [decode_audio(path).samples for path in paths]
    joined: Floats = np.concatenate(clips)[: round(REFERENCE_S * RATE)]
    return joined.astype(np.float64)


def measure_adjustment(
    reference: Floats,
    sweep_wav: Path,
    test_wav: Path,
    base_pitch: float = 0.0,
    on_try: OnTry | None = None,
) -> MatchAdjustment:
    """Sweep on `sweep_wav`, then score `test_wav` plain and transformed (blocking).

    Both WAVs are the stock voice at the pitch setting `base_pitch`, stored with the transform.
    """
    scorer = make_scorer(reference)
    user = pitch_stats(parselmouth.Sound(reference, sampling_frequency=RATE))
    stock = parselmouth.Sound(str(sweep_wav))
    chosen = sweep_transform(stock, user, scorer, on_try=on_try).transform
    test = parselmouth.Sound(str(test_wav))
    before = scorer.similarity(scorer_input(test))
    after = scorer.similarity(scorer_input(change_gender(test, chosen)))
    return MatchAdjustment(chosen, before, after, scorer.name, base_pitch)


def _from_thread(on_progress: StudioProgress | None) -> OnTry | None:
    """The sweep's tries reported on this loop; the sweep's thread waits for each report, so
    none arrives after the voice is made."""
    if on_progress is None:
        return None
    loop = asyncio.get_running_loop()

    async def report(done: int, total: int) -> None:
        await on_progress(StudioStep.ADJUST, done, total)

    def on_try(done: int, total: int) -> None:
        reported = asyncio.run_coroutine_threadsafe(report(done, total), loop)
        with suppress(TimeoutError):  # a loop that no longer runs must not hang the sweep
            reported.result(timeout=REPORT_WAIT_S)

    return on_try


async def adjust_match(
    storage: Storage,
    samples: Sequence[VoiceSample],
    match: VoiceMatch,
    language: str,
    on_progress: StudioProgress | None = None,
) -> MatchAdjustment:
    """Fit and measure the transform of `match`'s voice to the samples scoring GOOD_SCORE;
    `on_progress` hears the sweep's tries (ADJUST, done, total)."""
    paths = [storage.resolve(s.path) for s in samples if s.score >= GOOD_SCORE]
    reference = await asyncio.to_thread(reference_audio, paths)
    synth, params = EspeakSynth(), VoiceParams(match.voice, match.speed, match.pitch)
    with tempfile.TemporaryDirectory(prefix="voice-adjust-") as folder:
        sweep_wav, test_wav = Path(folder) / "sweep.wav", Path(folder) / "test.wav"
        await synth.synthesize(TEXTS[language], language, params, sweep_wav)
        await synth.synthesize(TEST_TEXTS[language], language, params, test_wav)
        on_try = _from_thread(on_progress)
        return await asyncio.to_thread(
            measure_adjustment, reference, sweep_wav, test_wav, match.pitch, on_try
        )
