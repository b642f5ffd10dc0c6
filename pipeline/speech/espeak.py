"""espeak-ng through ctypes, on the library shipped in the `espeakng-loader` wheel.

espeak-ng keeps one global state per process and is not thread-safe, so every call goes
through `_LOCK` in a worker thread. Word starts come from the synth callback's WORD events
(`sample` index and 1-based `text_position` in characters), so no speech recognition is needed.
"""

import asyncio
import ctypes
import functools
import threading
from pathlib import Path

import espeakng_loader

from core.errors import InvalidInput, UnsupportedLanguage
from pipeline.speech.base import Speech, VoiceParams
from pipeline.speech.errors import SynthesisFailed, VoiceNotFound
from pipeline.speech.timing import align_words, speakable
from pipeline.speech.wav import WavSink
from pipeline.wallet import Wallet

VOICES = {"ru": "ru", "en": "en-us"}
DEFAULT_WPM = 175
MIN_WPM, MAX_WPM = 80, 450  # espeak-ng's accepted rate range
_SYNCHRONOUS, _DONT_EXIT = 2, 0x8000  # AUDIO_OUTPUT_SYNCHRONOUS, espeakINITIALIZE_DONT_EXIT
_POS_CHARACTER, _CHARS_UTF8 = 1, 1
_EVENT_END_OF_LIST, _EVENT_WORD = 0, 1
_RATE, _PITCH = 1, 3  # espeak_PARAMETER values
_LOCK = threading.Lock()


class _EventId(ctypes.Union):
    _fields_ = (("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8))


class _Event(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    )


_Callback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


class _Espeak:
    """The process-wide espeak-ng instance; use it only while holding `_LOCK`."""

    def __init__(self) -> None:
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        int_, uint, str_, ptr = ctypes.c_int, ctypes.c_uint, ctypes.c_char_p, ctypes.c_void_p
        lib.espeak_Initialize.argtypes = [int_, int_, str_, int_]
        lib.espeak_SetVoiceByName.argtypes = [str_]
        lib.espeak_SetParameter.argtypes = [int_, int_, int_]
        lib.espeak_Synth.argtypes = [str_, ctypes.c_size_t, uint, int_, uint, uint, ptr, ptr]
        data = Path(espeakng_loader.get_data_path()).parent  # the folder holding espeak-ng-data
        self.rate = int(lib.espeak_Initialize(_SYNCHRONOUS, 0, str(data).encode(), _DONT_EXIT))
        if self.rate <= 0:
            raise SynthesisFailed(engine="espeak", reason=f"no espeak-ng data in {data}")
        self._callback = _Callback(self._on_audio)  # kept alive as long as the library uses it
        lib.espeak_SetSynthCallback(self._callback)
        self._lib = lib
        self._sink: WavSink | None = None
        self._marks: list[tuple[int, float]] = []
        self._error: Exception | None = None

    def _on_audio(
        self,
        wav: "ctypes._Pointer[ctypes.c_short]",
        count: int,
        events: "ctypes._Pointer[_Event]",
    ) -> int:
        try:
            if count > 0 and self._sink is not None:
                self._sink.write(ctypes.string_at(wav, count * 2))
            i = 0
            while events[i].type != _EVENT_END_OF_LIST:
                if events[i].type == _EVENT_WORD:
                    self._marks.append((events[i].text_position - 1, events[i].sample / self.rate))
                i += 1
        except Exception as exc:  # an exception must not cross the C boundary: re-raised below
            self._error = exc
            return 1  # tells espeak-ng to stop
        return 0

    def speak(
        self, text: str, voice: str, wpm: int, pitch: int, sink: WavSink
    ) -> list[tuple[int, float]]:
        """Speak `text` into `sink`; return `(character offset, seconds)` per WORD event."""
        if self._lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise VoiceNotFound(engine="espeak", voice=voice)
        self._lib.espeak_SetParameter(_RATE, wpm, 0)
        self._lib.espeak_SetParameter(_PITCH, pitch, 0)
        self._sink, self._marks, self._error = sink, [], None
        data = text.encode()
        try:
            status = self._lib.espeak_Synth(
                data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
            )
            self._lib.espeak_Synchronize()
        finally:
            self._sink = None
        if self._error is not None:
            raise self._error
        if status != 0:
            raise SynthesisFailed(engine="espeak", reason=f"espeak_Synth returned {status}")
        return self._marks


@functools.cache
def _espeak() -> _Espeak:
    return _Espeak()


class EspeakSynth:
    """Formant speech: robotic but instant, Russian and English, with exact word starts.

    `VoiceParams.speed` scales espeak's 175 words a minute (kept within 80-450);
    `pitch` runs from -1.0 to 1.0 (0 = the voice's default); `voice` may name any
    espeak-ng voice or variant, such as "ru+f3".
    """

    name = "espeak"

    def languages(self) -> frozenset[str]:
        """ISO 639-1 codes this engine can speak."""
        return frozenset(VOICES)

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
        if language not in VOICES:
            raise UnsupportedLanguage(language=language, supported=", ".join(sorted(VOICES)))
        if params.speed <= 0:
            raise InvalidInput(what="speed", reason="must be above zero")
        return await asyncio.to_thread(self._synthesize, speakable(text), language, params, out)

    def _synthesize(self, text: str, language: str, params: VoiceParams, out: Path) -> Speech:
        voice = params.voice or VOICES[language]
        wpm = round(min(max(DEFAULT_WPM * params.speed, MIN_WPM), MAX_WPM))
        pitch = round(min(max(50 + 50 * params.pitch, 0), 100))
        with _LOCK:
            engine = _espeak()
            with WavSink(out, engine.rate) as sink:
                marks = engine.speak(text, voice, wpm, pitch, sink)
                if not sink.voiced_frames:
                    raise SynthesisFailed(engine="espeak", reason="the audio is silent")
                sink.commit()
        words = align_words(text, marks, sink.voiced_end)
        return Speech(wav=out, duration=sink.duration, words=words, engine=self.name)
