"""RHVoice (natural offline Russian) through ctypes, when `libRHVoice.so.5` is installed.

RHVoice lives in Debian non-free, so it is optional: `available()` says whether the library
and voice data were found. `root` may point at a `dpkg -x` extract (see offline-stack.md §2);
otherwise the system library (`ctypes.util.find_library`) and `/usr/share/RHVoice` are used.
Word starts come from the `word_starts` callback (UTF-8 byte offsets, about 100 ms steps).
"""

import asyncio
import ctypes.util
import functools
import threading
from bisect import bisect_right
from itertools import accumulate
from pathlib import Path

from core.errors import InvalidInput, ToolMissing, UnsupportedLanguage
from pipeline.speech.base import Speech, VoiceParams
from pipeline.speech.errors import SynthesisFailed, VoiceNotFound
from pipeline.speech.rhvoice_lib import Engine, load_engine
from pipeline.speech.timing import align_words, speakable
from pipeline.speech.wav import WavSink
from pipeline.wallet import Wallet

DEFAULT_VOICES = {"ru": "Anna"}  # LGPL-2.1+; most other Russian voices are CC-BY-NC-ND
_LOAD_LOCK = threading.Lock()  # loads each root once
_SPEAK_LOCK = threading.Lock()  # one message at a time: the engine is not thread-safe
_HINT = "install rhvoice-russian (Debian non-free) or point the engine at a dpkg -x extract"


def _paths(root: Path | None) -> tuple[str, Path, Path] | None:
    """The library to load, the data folder and the config folder, or None if not found."""
    if root is None:
        lib = ctypes.util.find_library("RHVoice")
        return (lib, Path("/usr/share/RHVoice"), Path("/etc/RHVoice")) if lib else None
    found = sorted(root.glob("usr/lib/**/libRHVoice.so.5"))
    if not found:
        return None
    return str(found[0]), root / "usr/share/RHVoice", root / "etc/RHVoice"


@functools.cache
def _engine(root: Path | None) -> Engine | None:
    paths = _paths(root)
    if paths is None or not (paths[1] / "voices").is_dir():
        return None
    try:
        return load_engine(*paths)
    except OSError:
        return None


def _char_offsets(text: str) -> list[int]:
    """UTF-8 byte offset of each character of `text`."""
    return list(accumulate((len(ch.encode()) for ch in text), initial=0))


class RHVoiceSynth:
    """HTS parametric voices: natural Russian intonation, about 55x realtime, 24 kHz.

    `VoiceParams.voice` is an RHVoice profile ("Anna", "Aleksandr", "Elena", "Irina");
    `speed` multiplies the voice's rate; `pitch` runs from -1.0 to 1.0 (0 = default).
    """

    name = "rhvoice"

    def __init__(self, root: Path | None = None) -> None:
        self.root = root

    def _load(self) -> Engine | None:
        with _LOAD_LOCK:
            return _engine(self.root)

    def available(self) -> bool:
        """Whether the library loads and a voice works (checked once per process)."""
        return self._load() is not None

    def languages(self) -> frozenset[str]:
        """ISO 639-1 codes of the installed voices (empty when RHVoice is missing)."""
        engine = self._load()
        return engine.languages if engine else frozenset()

    async def synthesize(
        self,
        text: str,
        language: str,
        params: VoiceParams,
        out: Path,
        *,
        wallet: Wallet | None = None,
    ) -> Speech:
        """Speak `text` into the WAV file `out` and return one timing per word of `text`
        (free: `wallet` is not used)."""
        engine = self._load()
        if engine is None:
            raise ToolMissing(tool="RHVoice", hint=_HINT)
        if language not in engine.languages:
            supported = ", ".join(sorted(engine.languages))
            raise UnsupportedLanguage(language=language, supported=supported)
        if params.speed <= 0:
            raise InvalidInput(what="speed", reason="must be above zero")
        spoken = speakable(text)
        return await asyncio.to_thread(self._synthesize, engine, spoken, language, params, out)

    def _synthesize(
        self, engine: Engine, text: str, language: str, params: VoiceParams, out: Path
    ) -> Speech:
        voice = params.voice or DEFAULT_VOICES.get(language, "")
        pitch = min(max(params.pitch, -1.0), 1.0)
        with _SPEAK_LOCK, WavSink(out) as sink:
            result = engine.speak(text.encode(), voice, params.speed, pitch, sink)
            if result is None:
                raise VoiceNotFound(engine=self.name, voice=voice)
            if not sink.voiced_frames:
                raise SynthesisFailed(engine=self.name, reason="the audio is silent")
            sink.commit()
        offsets = _char_offsets(text)
        marks = [(bisect_right(offsets, pos) - 1, seconds) for pos, seconds in result]
        words = align_words(text, marks, sink.voiced_end)
        return Speech(wav=out, duration=sink.duration, words=words, engine=self.name)
