"""Voice samples on their way in: decode and measure, score, keep as WAV, sum up a draft."""

import asyncio
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

from core.ports import StudioProgress, StudioStep
from db.models import VoiceSample
from pipeline.speech.wav import WavSink
from pipeline.user_media.names import shown_name
from pipeline.voices.decode import DecodedAudio, decode_audio
from pipeline.voices.errors import NotEnoughSpeech, PitchUnclear, SampleSilent
from pipeline.voices.profile import ClipAnalysis, SpeechProfile, analyse_clip, speech_profile
from pipeline.voices.quality import GOOD_SCORE, Quality, is_silent, rate_sample
from storage.disk import Storage, StoredFile

MIN_SPEECH_S = 10.0  # clear speech needed, over all good draft samples, to make a voice
MIN_VOICED_S = 0.5  # voiced frames needed to trust the pitch median


@dataclass(frozen=True, slots=True)
class MeasuredSample:
    decoded: DecodedAudio
    clip: ClipAnalysis
    quality: Quality


def measure_sample(source: Path, *, name: str | None = None) -> MeasuredSample:
    """Decode (keeping the recording for `store_sample`), refuse silence, measure and score
    (blocking: run it in a thread). `name` is the file's name as the user knows it."""
    decoded = decode_audio(source, name=name, keep=True)
    clip = analyse_clip(decoded.samples, decoded.rate)
    if is_silent(clip.levels):
        raise SampleSilent(name=shown_name(name if name is not None else source.name))
    return MeasuredSample(decoded, clip, rate_sample(clip.levels))


def analyse_stored(storage: Storage, relpath: str) -> ClipAnalysis:
    """Decode and analyse a stored sample again (blocking: run it in a thread)."""
    decoded = decode_audio(storage.resolve(relpath))
    return analyse_clip(decoded.samples, decoded.rate)


async def draft_profile(
    storage: Storage,
    samples: Sequence[VoiceSample],
    on_progress: StudioProgress | None = None,
) -> SpeechProfile:
    """The speech profile of the samples scoring at least GOOD_SCORE; `on_progress` hears
    each one analysed (ANALYSE, done, total).

    Raises:
        NotEnoughSpeech: they hold less than MIN_SPEECH_S of speech (says how much is missing).
        PitchUnclear: under MIN_VOICED_S of voiced frames, so no trustworthy F0.
    """
    progress = draft_progress(samples)
    if not progress.ready:
        raise NotEnoughSpeech(
            have_s=progress.speech_s, need_s=progress.missing_s, min_s=round(MIN_SPEECH_S)
        )
    good = [sample.path for sample in samples if sample.score >= GOOD_SCORE]
    clips: list[ClipAnalysis] = []
    if on_progress is not None:
        await on_progress(StudioStep.ANALYSE, 0, len(good))
    for path in good:
        clips.append(await asyncio.to_thread(analyse_stored, storage, path))
        if on_progress is not None:
            await on_progress(StudioStep.ANALYSE, len(clips), len(good))
    profile = speech_profile(clips)
    if profile.voiced_s < MIN_VOICED_S:
        raise PitchUnclear
    return profile


def store_sample(storage: Storage, user_id: int, measured: MeasuredSample) -> StoredFile:
    """Write the recording as decoded (mono 16-bit WAV at its own rate) to
    `users/<id>/voices/samples/<random>.wav` (blocking). The user's original bytes are never
    kept: only this copy is analysed again or uploaded for a clone."""
    decoded = measured.decoded
    if decoded.kept is None:
        raise ValueError("measure_sample keeps the recording; this one was decoded without it")
    final = storage.user_dir(user_id) / "voices" / "samples" / f"{uuid4().hex}.wav"
    with WavSink(final, decoded.kept_rate) as sink:
        sink.write(decoded.kept.astype("<i2").tobytes())
        sink.commit()
    return storage.describe(final)


def sample_metrics(measured: MeasuredSample, mime: str | None) -> dict[str, Any]:
    """What `VoiceSample.metrics` keeps: levels, pitch, rate and the score's parts."""
    clip, levels = measured.clip, measured.clip.levels
    f0 = sorted(clip.f0.tolist())
    return {
        "speech_s": levels.speech_s,
        "speech_ratio": round(levels.speech_s / clip.duration, 3) if clip.duration else 0.0,
        "rms_db": levels.rms_db,
        "peak_db": levels.peak_db,
        "noise_floor_db": levels.noise_floor_db,
        "speech_level_db": levels.speech_level_db,
        "snr_db": min(levels.snr_db, 60.0),
        "clipping": levels.clipping,
        "f0_median_hz": round(f0[len(f0) // 2], 1) if f0 else None,
        "syllables_per_s": round(clip.syllables_per_s, 2),
        "parts": measured.quality.parts,
        "container": measured.decoded.container,
        "codec": measured.decoded.codec,
        "mime": mime,
    }


@dataclass(frozen=True, slots=True)
class DraftProgress:
    """How far the draft is: samples, the good ones, their clear speech and what is missing."""

    samples: int
    good_samples: int
    speech_s: float
    missing_s: int

    @property
    def ready(self) -> bool:
        return self.missing_s == 0


def draft_progress(
    samples: Sequence[VoiceSample], min_speech_s: float = MIN_SPEECH_S
) -> DraftProgress:
    """Sum the clear speech of the samples scoring at least GOOD_SCORE; `min_speech_s` is
    what the voice needs (a cloud clone needs more than a stock-voice match)."""
    good = [sample for sample in samples if sample.score >= GOOD_SCORE]
    speech = sum(float(sample.metrics.get("speech_s", 0.0)) for sample in good)
    missing = max(0, math.ceil(min_speech_s - speech))
    return DraftProgress(len(samples), len(good), round(speech, 1), missing)
