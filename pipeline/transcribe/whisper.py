"""Offline transcription: faster-whisper (CTranslate2, int8 on 2 CPU threads).

The model loads on first use and stays for the life of the process (about 0.5-4 s to load,
150 MB of RAM). One lock serialises transcriptions: on a 2-core worker two at once would
only slow each other down.
"""

import asyncio
import functools
import threading
from pathlib import Path
from typing import Any

from core.errors import MediaUnreadable
from pipeline.speech.base import WordTiming
from pipeline.transcribe.base import Transcript
from pipeline.transcribe.errors import TranscriberMissing
from pipeline.transcribe.model_files import wheel_model_dir
from pipeline.wallet import Wallet

CPU_THREADS = 2
BEAM_SIZE = 5
_LOCK = threading.Lock()


@functools.cache
def _model(model_dir: Path | None) -> Any:
    # Imported here: ctranslate2 and onnxruntime cost ~100 MB in workers that never transcribe.
    from faster_whisper import WhisperModel  # type: ignore[import-untyped]  # noqa: PLC0415

    folder = model_dir or wheel_model_dir()
    if not (folder / "model.bin").is_file():
        raise TranscriberMissing(reason=f"no model.bin in {folder}")
    try:
        return WhisperModel(
            str(folder), device="cpu", compute_type="int8", cpu_threads=CPU_THREADS
        )
    except (RuntimeError, ValueError, OSError) as error:
        raise TranscriberMissing(reason=f"the model in {folder} cannot be loaded") from error


class WhisperTranscriber:
    """The `Transcriber` on a local Whisper model: free, private, about 0.3x real time."""

    name = "whisper"

    def __init__(self, model_dir: Path | None = None) -> None:
        self.model_dir = model_dir

    async def transcribe(
        self, audio: Path, language: str | None, *, wallet: Wallet | None = None
    ) -> Transcript:
        """Recognise `audio` (any format PyAV reads) with a span per word (free: `wallet`
        is not used)."""
        return await asyncio.to_thread(self._transcribe, audio, language)

    def _transcribe(self, audio: Path, language: str | None) -> Transcript:
        import av  # noqa: PLC0415 - PyAV (~20 MB) only in processes that transcribe

        with _LOCK:
            model = _model(self.model_dir)
            if language not in model.supported_languages:
                language = None  # let Whisper detect it rather than refuse
            try:
                segments, info = model.transcribe(
                    str(audio),
                    language=language,
                    word_timestamps=True,
                    beam_size=BEAM_SIZE,
                    condition_on_previous_text=False,
                )
                words = tuple(
                    WordTiming(word.word.strip(), round(word.start, 3), round(word.end, 3))
                    for segment in segments
                    for word in segment.words or ()
                    if word.word.strip()
                )
            except (av.FFmpegError, RuntimeError, ValueError) as error:  # decode, CTranslate2
                raise MediaUnreadable(
                    what="audio", path=audio.name, reason=type(error).__name__
                ) from error
        return Transcript(
            text=" ".join(word.text for word in words),
            language=info.language,
            duration=round(float(info.duration), 3),
            words=words,
            provider=self.name,
        )
