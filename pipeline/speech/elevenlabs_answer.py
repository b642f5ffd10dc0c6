"""An ElevenLabs with-timestamps answer into a WAV file and word timings.

The answer is checked after it was paid for: silent, cut off or unreadable audio is
`ElevenLabsAnswerUnusable` (permanent). An answer without timings is fine: the voice stage
times its words by transcription instead.
"""

import base64
import binascii
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from elevenlabs.types import AudioWithTimestampsResponse, CharacterAlignmentResponseModel

from pipeline.speech.base import WordTiming
from pipeline.speech.elevenlabs_errors import ElevenLabsAnswerUnusable
from pipeline.speech.timing import align_words
from pipeline.speech.wav import WavSink

RATE = 24000  # `pcm_24000`: raw little-endian 16-bit mono
_SHORT_AUDIO_S = 0.25  # audio this much shorter than its timings was cut off
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class SpokenWav:
    duration: float
    words: tuple[WordTiming, ...]


def write_answer(text: str, answer: dict[str, Any], out: Path) -> SpokenWav:
    """Write the answer's audio to `out` (atomically) and time the words of `text`.

    `answer` holds "audio_base64" and "alignment" / "normalized_alignment" (dicts or None),
    as the API returns them.

    Raises:
        ElevenLabsAnswerUnusable: unreadable, silent, or shorter than its own timings.
    """
    alignment = answer.get("alignment") or answer.get("normalized_alignment")
    try:
        pcm = base64.b64decode(str(answer.get("audio_base64", "")), validate=True)
    except binascii.Error as exc:
        raise ElevenLabsAnswerUnusable(engine="elevenlabs", reason="unreadable audio") from exc
    with WavSink(out, RATE) as sink:
        sink.write(pcm[: len(pcm) - len(pcm) % 2])
        if not sink.voiced_frames:
            raise ElevenLabsAnswerUnusable(engine="elevenlabs", reason="the audio is silent")
        ends = alignment.get("character_end_times_seconds", []) if alignment else []
        if sink.duration < max(ends, default=0.0) - _SHORT_AUDIO_S:
            raise ElevenLabsAnswerUnusable(engine="elevenlabs", reason="the audio was cut off")
        sink.commit()
    if not alignment:
        return SpokenWav(sink.duration, ())
    marks = word_marks(text, alignment["characters"], alignment["character_start_times_seconds"])
    return SpokenWav(sink.duration, align_words(text, marks, sink.voiced_end))


def word_marks(
    text: str, characters: Sequence[str], starts: Sequence[float]
) -> list[tuple[int, float]]:
    """`(offset in text, seconds)` per word: the k-th word heard starts the k-th word of
    `text` (so a normalized alignment, "3" heard as "three", still maps word by word)."""
    offsets = [m.start() for m in _WORD.finditer(text)]
    marks: list[tuple[int, float]] = []
    after_space = True
    for char, start in zip(characters, starts, strict=False):
        if not char.isspace() and after_space and len(marks) < len(offsets):
            marks.append((offsets[len(marks)], start))
        after_space = char.isspace()
    return marks


def charged_characters(header: str | None, characters: int) -> int:
    """The characters ElevenLabs says it charged (`character-cost`), else the text's."""
    return int(header) if header is not None and header.isdigit() else characters


def _alignment(model: CharacterAlignmentResponseModel | None) -> dict[str, Any] | None:
    if model is None:
        return None
    return {
        "characters": list(model.characters),
        "character_start_times_seconds": list(model.character_start_times_seconds),
        "character_end_times_seconds": list(model.character_end_times_seconds),
    }


def stored_answer(data: AudioWithTimestampsResponse) -> dict[str, Any]:
    """The answer as stored in the cache: the API's own field names."""
    return {
        "audio_base64": data.audio_base_64,
        "alignment": _alignment(data.alignment),
        "normalized_alignment": _alignment(data.normalized_alignment),
    }
