"""The offline voice match on espeak "user samples": similarity before and after, and speed.

For each pair, the user is an espeak variant reading one sentence; the stock voice is plain
espeak (as in the offline voice probe) reading others. The transform is swept on one stock
sentence and scored on a different one. Prints one JSON line per pair, then one for speed:
seconds per 30 s of audio for Change gender and for the sweep (14 tries on a 5 s excerpt).

Run: `python -m bench.voice_match`.
"""
# ruff: noqa: RUF001  # Russian sentences: the Cyrillic look-alike letters are intended

import asyncio
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import parselmouth

from pipeline.speech.base import VoiceParams
from pipeline.speech.espeak import EspeakSynth
from pipeline.voices.adjustment import TEST_TEXTS, measure_adjustment, reference_audio
from pipeline.voices.calibration import TEXTS
from pipeline.voices.speaker import make_scorer
from pipeline.voices.sweep import EXCERPT_S, excerpt, scorer_input, sweep_transform
from pipeline.voices.transform import Transform, change_gender, pitch_stats

USER_TEXTS = {
    "ru": "Знаете ли вы, что у осьминога три сердца и голубая кровь? Учёные говорят, что "
    "осьминоги умеют открывать банки, узнают людей в лицо и прячутся в ракушках.",
    "en": "Did you know that an octopus has three hearts and blue blood? Scientists say that "
    "octopuses can open jars, recognise people by their faces and hide in shells.",
}
PAIRS = (
    ("ru", VoiceParams("ru+f3", 1.0, 0.6)),  # espeak pitch 80
    ("en", VoiceParams("en-us+f2", 1.0, 0.6)),
    ("ru", VoiceParams("ru+m3", 1.0, -0.6)),  # espeak pitch 20
)


async def pair(folder: Path, language: str, user: VoiceParams) -> dict[str, object]:
    """Plain espeak against the user variant: the adjustment's before and after."""
    synth = EspeakSynth()
    user_wav, sweep_wav, test_wav = folder / "user.wav", folder / "sweep.wav", folder / "test.wav"
    await synth.synthesize(USER_TEXTS[language], language, user, user_wav)
    await synth.synthesize(TEXTS[language], language, VoiceParams(), sweep_wav)
    await synth.synthesize(TEST_TEXTS[language], language, VoiceParams(), test_wav)
    started = time.perf_counter()
    adjustment = measure_adjustment(reference_audio([user_wav]), sweep_wav, test_wav)
    return {
        "user": user.voice,
        "pitch": user.pitch,
        **adjustment.measured(),
        "seconds": round(time.perf_counter() - started, 2),
    }


def speed(folder: Path) -> dict[str, float]:
    """Seconds per 30 s of audio: Change gender alone, and the sweep of one excerpt."""
    stock = parselmouth.Sound(str(folder / "sweep.wav"))
    user = parselmouth.Sound(str(folder / "user.wav"))
    long = parselmouth.Sound(
        np.tile(stock.values, int(np.ceil(30 / stock.duration))), stock.sampling_frequency
    )
    started = time.perf_counter()
    change_gender(long, Transform(250.0, 1.0, 1.2))
    transform_s = (time.perf_counter() - started) * 30 / long.duration
    scorer = make_scorer(scorer_input(user))
    scorer.similarity(scorer_input(stock))  # warm the model up
    started = time.perf_counter()
    result = sweep_transform(stock, pitch_stats(user), scorer)
    sweep_s = time.perf_counter() - started
    return {
        "transform_s_per_30s": round(transform_s, 3),
        "sweep_s": round(sweep_s, 2),
        "sweep_tries": result.tries,
        "sweep_audio_s": round(excerpt(stock).duration, 2),
        "sweep_s_per_30s_swept": round(sweep_s * 30 / (result.tries * EXCERPT_S), 2),
    }


async def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-voice-match-") as name:
        folder = Path(name)
        for language, user in PAIRS:
            print(json.dumps(await pair(folder, language, user)))
        print(json.dumps(speed(folder)))


if __name__ == "__main__":
    asyncio.run(main())
