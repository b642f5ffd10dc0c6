"""Offline "voice match": the espeak-ng variant, pitch and speed closest to a speech profile.

This is not a clone. The family (male or female variants) follows the measured F0; each
variant's pitch setting is solved from a calibration curve (its F0 measured at five settings,
once per process); the variant whose calibrated speech is closest in timbre (mean MFCC) wins;
the speed scales espeak's measured syllable rate to the user's. The chosen settings are then
spoken once more and measured, so the reported errors are what the voice really does.
"""

import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.ports import StudioProgress, StudioStep
from pipeline.speech.base import VoiceParams
from pipeline.speech.espeak import VOICES, EspeakSynth
from pipeline.voices.calibration import PITCH_POINTS, f0_curve, measure_speech
from pipeline.voices.profile import SpeechProfile
from pipeline.voices.timbre import timbre_distance

FAMILIES = {"female": ("f1", "f2", "f3", "f4", "f5"), "male": ("m1", "m2", "m3", "m4", "m5", "m6")}
FEMALE_FROM_HZ = 160.0  # adult speaking F0: men mostly 85-155 Hz, women 165-255 Hz
SPEED_RANGE = (0.5, 2.0)
PITCH_WEIGHT = 2.0  # cost per semitone of pitch that cannot be reached
EFFORT_WEIGHT = 2.0  # cost per unit of pitch setting: big shifts sound less natural
TIMBRE_SAME, TIMBRE_FAR = 4.0, 24.0  # mean-MFCC distances: same voice / unrelated voice


@dataclass(frozen=True, slots=True)
class VoiceMatch:
    """The chosen stock voice and how close its measured speech is to the profile."""

    voice: str
    variant: str
    family: str
    pitch: float
    speed: float
    f0_median_hz: float
    syllables_per_s: float
    pitch_error_cents: float
    rate_error_pct: float
    timbre_distance: float
    closeness: float

    def summary(self) -> dict[str, Any]:
        """Rounded numbers for `Voice.measured["match"]`."""
        return {key: round(v, 3) if isinstance(v, float) else v for key, v in asdict(self).items()}

    def params(self, language: str) -> dict[str, Any]:
        """The speaking settings for `Voice.params`."""
        return {
            "voice": self.voice,
            "variant": self.variant,
            "language": language,
            "speed": self.speed,
            "pitch": self.pitch,
        }


def family_for(f0_hz: float) -> str:
    """ "female" at or above FEMALE_FROM_HZ, else "male"."""
    return "female" if f0_hz >= FEMALE_FROM_HZ else "male"


def pitch_setting(curve: tuple[float, ...], target_hz: float) -> float:
    """The pitch setting (-1..1) whose calibrated F0 is `target_hz`, clamped at the ends."""
    logs = np.maximum.accumulate(np.log(np.maximum(curve, 1.0)))
    return round(float(np.interp(np.log(target_hz), logs, PITCH_POINTS)), 3)


def closeness(cents: float, rate_pct: float, timbre: float) -> float:
    """0-1: pitch within half an octave, rate within 50 %, timbre between same and unrelated."""
    pitch_fit = max(0.0, 1 - abs(cents) / 600)
    rate_fit = max(0.0, 1 - abs(rate_pct) / 50)
    timbre_fit = min(1.0, max(0.0, 1 - (timbre - TIMBRE_SAME) / (TIMBRE_FAR - TIMBRE_SAME)))
    return round(pitch_fit * rate_fit * timbre_fit, 3)


async def _best_variant(
    synth: EspeakSynth,
    profile: SpeechProfile,
    language: str,
    scratch: Path,
    on_progress: StudioProgress | None,
) -> tuple[str, float, float]:
    """The family's variant with the lowest cost, its pitch setting and syllable rate."""
    candidates: list[tuple[float, str, float, float]] = []
    family = FAMILIES[family_for(profile.f0_median_hz)]
    for variant in family:
        curve = await f0_curve(synth, language, variant, scratch)
        pitch = pitch_setting(curve, profile.f0_median_hz)
        params = VoiceParams(f"{VOICES[language]}+{variant}", 1.0, pitch)
        clip = await measure_speech(synth, language, params, scratch)
        error_st = abs(12 * float(np.log2(np.median(clip.f0) / profile.f0_median_hz)))
        cost = timbre_distance(clip.mfcc, np.array(profile.mfcc)) + PITCH_WEIGHT * error_st
        candidates.append(
            (cost + EFFORT_WEIGHT * abs(pitch), variant, pitch, clip.syllables_per_s)
        )
        if on_progress is not None:
            await on_progress(StudioStep.MATCH, len(candidates), len(family))
    _, variant, pitch, rate = min(candidates)
    return variant, pitch, rate


async def match_voice(
    profile: SpeechProfile, language: str, on_progress: StudioProgress | None = None
) -> VoiceMatch:
    """Choose and verify the espeak-ng settings closest to `profile` in `language`;
    `on_progress` hears the family's variants tried (MATCH, done, total)."""
    synth = EspeakSynth()
    with tempfile.TemporaryDirectory(prefix="voice-match-") as folder:
        scratch = Path(folder)
        variant, pitch, reference_rate = await _best_variant(
            synth, profile, language, scratch, on_progress
        )
        low, high = SPEED_RANGE
        speed = round(min(max(profile.syllables_per_s / reference_rate, low), high), 3)
        voice = f"{VOICES[language]}+{variant}"
        final = await measure_speech(synth, language, VoiceParams(voice, speed, pitch), scratch)
    achieved_f0 = float(np.median(final.f0))
    cents = 1200 * float(np.log2(achieved_f0 / profile.f0_median_hz))
    rate_pct = 100 * (final.syllables_per_s / profile.syllables_per_s - 1)
    timbre = timbre_distance(final.mfcc, np.array(profile.mfcc))
    return VoiceMatch(
        voice=voice,
        variant=variant,
        family=family_for(profile.f0_median_hz),
        pitch=pitch,
        speed=speed,
        f0_median_hz=achieved_f0,
        syllables_per_s=final.syllables_per_s,
        pitch_error_cents=cents,
        rate_error_pct=rate_pct,
        timbre_distance=timbre,
        closeness=closeness(cents, rate_pct, timbre),
    )
