"""Voice samples on their way in: decode and measure, score, pick a file name, sum up a draft."""

import asyncio
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

from db.models import VoiceSample
from pipeline.storage import Storage, StoredFile
from pipeline.voices.decode import DecodedAudio, decode_audio
from pipeline.voices.errors import NotEnoughSpeech, PitchUnclear, SampleSilent
from pipeline.voices.profile import ClipAnalysis, SpeechProfile, analyse_clip, speech_profile
from pipeline.voices.quality import GOOD_SCORE, Quality, is_silent, rate_sample

MIN_SPEECH_S = 10.0  # clear speech needed, over all good draft samples, to make a voice
MIN_VOICED_S = 0.5  # voiced frames needed to trust the pitch median
SUFFIXES = {
    "audio/ogg": ".ogg",
    "audio/opus": ".ogg",
    "audio/mpeg": ".mp3",
    "audio/mp3": ".mp3",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/mp4": ".m4a",
    "audio/x-m4a": ".m4a",
    "audio/m4a": ".m4a",
    "audio/aac": ".aac",
    "audio/flac": ".flac",
    "audio/webm": ".webm",
    "video/mp4": ".mp4",
    "video/webm": ".webm",
}
CONTAINER_SUFFIXES = {"ogg": ".ogg", "wav": ".wav", "mp3": ".mp3", "flac": ".flac", "aac": ".aac"}


@dataclass(frozen=True, slots=True)
class MeasuredSample:
    decoded: DecodedAudio
    clip: ClipAnalysis
    quality: Quality


def measure_sample(source: Path) -> MeasuredSample:
    """Decode, refuse silence, measure and score (blocking: run it in a thread)."""
    decoded = decode_audio(source)
    clip = analyse_clip(decoded.samples, decoded.rate)
    if is_silent(clip.levels):
        raise SampleSilent(name=source.name)
    return MeasuredSample(decoded, clip, rate_sample(clip.levels))


def analyse_stored(storage: Storage, relpath: str) -> ClipAnalysis:
    """Decode and analyse a stored sample again (blocking: run it in a thread)."""
    decoded = decode_audio(storage.resolve(relpath))
    return analyse_clip(decoded.samples, decoded.rate)


async def draft_profile(storage: Storage, samples: Sequence[VoiceSample]) -> SpeechProfile:
    """The speech profile of the samples scoring at least GOOD_SCORE.

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
    clips = [await asyncio.to_thread(analyse_stored, storage, path) for path in good]
    profile = speech_profile(clips)
    if profile.voiced_s < MIN_VOICED_S:
        raise PitchUnclear
    return profile


def store_sample(
    storage: Storage, user_id: int, source: Path, measured: MeasuredSample, mime: str | None
) -> StoredFile:
    """Copy the original file to `users/<id>/voices/samples/<random>.<ext>` (blocking)."""
    suffix = sample_suffix(source, mime, measured.decoded.container)
    final = storage.user_dir(user_id) / "voices" / "samples" / f"{uuid4().hex}{suffix}"
    return storage.import_file(source, final)


def sample_suffix(source: Path, mime: str | None, container: str) -> str:
    """The stored file's extension: from the MIME type, else the container, else the name."""
    if mime and (suffix := SUFFIXES.get(mime.split(";")[0].strip().lower())):
        return suffix
    if suffix := CONTAINER_SUFFIXES.get(container):
        return suffix
    if container.startswith("mov,mp4"):
        return ".m4a"
    return source.suffix.lower() if source.suffix.isascii() and source.suffix else ".audio"


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
