"""The voice-match transform: Praat's "Change gender" (through parselmouth) on a stock voice.

It sets a new pitch median, scales the pitch range and shifts the formants (the timbre) while
keeping the duration, so the word timings of the stock synthesis stay valid. It is a
pitch/timbre adjustment of a stock voice, not a clone. Praat can overshoot full scale, so the
result is normalised to a -1 dBFS peak.
"""

from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from pipeline.speech.wav import WavSink

if TYPE_CHECKING:
    # Praat costs ~80 MB of resident memory: imported by the functions that use it, so a
    # job process that never matches a voice (and renders afterwards) does not carry it.
    import parselmouth

Floats = NDArray[np.floating[Any]]
F0_MIN, F0_MAX = 60.0, 500.0  # adult speech, as in the rest of the voice analysis
PEAK = 10 ** (-1 / 20)  # -1 dBFS
RANGE_FACTOR_BOUNDS = (0.25, 4.0)  # Praat accepts 0-10; beyond this it sings or drones


@dataclass(frozen=True, slots=True)
class Transform:
    """Change gender's settings: new pitch median (Hz), pitch-range factor, formant ratio."""

    pitch_median_hz: float
    range_factor: float
    formant_ratio: float

    def as_params(self) -> dict[str, float]:
        """Rounded numbers for `Voice.params["transform"]`."""
        return {key: round(value, 3) for key, value in asdict(self).items()}

    def shifted(self, semitones: float) -> "Transform":
        """The same transform with the pitch median moved by `semitones`."""
        return replace(self, pitch_median_hz=self.pitch_median_hz * 2 ** (semitones / 12))

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> "Transform":
        """Read back what `as_params` stored."""
        return cls(
            float(params["pitch_median_hz"]),
            float(params["range_factor"]),
            float(params["formant_ratio"]),
        )


@dataclass(frozen=True, slots=True)
class PitchStats:
    """The median F0 (Hz) and the p10-p90 range (semitones) of the voiced frames."""

    median_hz: float
    range_st: float


def pitch_stats(sound: "parselmouth.Sound") -> PitchStats:
    """F0 by Praat's autocorrelation tracker (10 ms steps, 60-500 Hz); zeros if unvoiced."""
    # By keyword: the third positional parameter is the number of candidates, not the ceiling.
    pitch = sound.to_pitch_ac(time_step=0.01, pitch_floor=F0_MIN, pitch_ceiling=F0_MAX)
    track = pitch.selected_array["frequency"]
    voiced = track[track > 0]
    if voiced.size < 2:  # noqa: PLR2004 - a range needs two frames
        return PitchStats(0.0, 0.0)
    p10, p50, p90 = np.percentile(voiced, [10, 50, 90])
    return PitchStats(float(p50), float(12 * np.log2(p90 / p10)))


def range_factor(user: PitchStats, stock: PitchStats) -> float:
    """How much to widen (>1) or narrow the stock voice's range to the user's, bounded."""
    if user.range_st <= 0 or stock.range_st <= 0:
        return 1.0
    low, high = RANGE_FACTOR_BOUNDS
    return min(max(user.range_st / stock.range_st, low), high)


def change_gender(sound: "parselmouth.Sound", transform: Transform) -> "parselmouth.Sound":
    """Apply `transform` and normalise the peak to -1 dBFS (same length and rate)."""
    import parselmouth  # noqa: PLC0415 - see the TYPE_CHECKING import
    from parselmouth.praat import call  # noqa: PLC0415

    changed = call(
        sound,
        "Change gender",
        F0_MIN,
        F0_MAX,
        transform.formant_ratio,
        transform.pitch_median_hz,
        transform.range_factor,
        1.0,  # duration factor: keep the timing
    )
    values: Floats = np.nan_to_num(changed.values[0])
    peak = float(np.abs(values).max())
    if peak > 0:
        values = values * (PEAK / peak)
    return parselmouth.Sound(values, sampling_frequency=sound.sampling_frequency)


def write_sound(sound: "parselmouth.Sound", out: Path) -> Path:
    """Write mono 16-bit PCM atomically (temp name, then rename)."""
    pcm = np.clip(np.round(sound.values[0] * 32767), -32768, 32767).astype("<i2")
    with WavSink(out, round(sound.sampling_frequency)) as sink:
        sink.write(pcm.tobytes())
        sink.commit()
    return out


def transform_wav(source: Path, out: Path, transform: Transform) -> Path:
    """Read the WAV `source`, transform it and write `out` (blocking: run it in a thread).

    `out` may be `source`: it is replaced atomically.
    """
    import parselmouth  # noqa: PLC0415 - see the TYPE_CHECKING import

    sound = parselmouth.Sound(str(source))
    if sound.n_channels > 1:
        sound = sound.convert_to_mono()
    return write_sound(change_gender(sound, transform), out)
