"""ctypes bindings for `libRHVoice.so.5` (RHVoice 1.8 `RHVoice.h` layouts)."""

import ctypes
from pathlib import Path

from pipeline.speech.errors import SynthesisFailed
from pipeline.speech.wav import WavSink

_Int, _UInt, _Ptr = ctypes.c_int, ctypes.c_uint, ctypes.c_void_p
_RateCb = ctypes.CFUNCTYPE(_Int, _Int, _Ptr)
_SpeechCb = ctypes.CFUNCTYPE(_Int, ctypes.POINTER(ctypes.c_short), _UInt, _Ptr)
_MarkCb = ctypes.CFUNCTYPE(_Int, ctypes.c_char_p, _Ptr)
_SpanCb = ctypes.CFUNCTYPE(_Int, _UInt, _UInt, _Ptr)
_DoneCb = ctypes.CFUNCTYPE(None, _Ptr)
# Loaded first with RTLD_GLOBAL, so a dpkg -x extract works without LD_LIBRARY_PATH.
_DEPENDENCIES = ("libsonic.so.0", "libRHVoice_core.so.7")


class _Callbacks(ctypes.Structure):
    _fields_ = (
        ("set_sample_rate", _RateCb),
        ("play_speech", _SpeechCb),
        ("process_mark", _MarkCb),
        ("word_starts", _SpanCb),
        ("word_ends", _SpanCb),
        ("sentence_starts", _SpanCb),
        ("sentence_ends", _SpanCb),
        ("play_audio", _MarkCb),
        ("done", _DoneCb),
    )


class _InitParams(ctypes.Structure):
    _fields_ = (
        ("data_path", ctypes.c_char_p),
        ("config_path", ctypes.c_char_p),
        ("resource_paths", ctypes.POINTER(ctypes.c_char_p)),
        ("callbacks", _Callbacks),
        ("options", _UInt),
    )


class _SynthParams(ctypes.Structure):
    _fields_ = (
        ("voice_profile", ctypes.c_char_p),
        ("absolute_rate", ctypes.c_double),
        ("absolute_pitch", ctypes.c_double),
        ("absolute_volume", ctypes.c_double),
        ("relative_rate", ctypes.c_double),
        ("relative_pitch", ctypes.c_double),
        ("relative_volume", ctypes.c_double),
        ("punctuation_mode", _Int),
        ("punctuation_list", ctypes.c_char_p),
        ("capitals_mode", _Int),
        ("flags", _Int),
    )


class _VoiceInfo(ctypes.Structure):
    _fields_ = (
        ("language", ctypes.c_char_p),
        ("name", ctypes.c_char_p),
        ("gender", _Int),
        ("country", ctypes.c_char_p),
    )


class Engine:
    """One RHVoice engine; not thread-safe, so callers serialise `speak`."""

    def __init__(self, lib: ctypes.CDLL, data: Path, config: Path) -> None:
        self._sink: WavSink | None = None
        self._marks: list[tuple[int, float]] = []
        self._error: Exception | None = None
        callbacks = _Callbacks(
            _RateCb(self._on_rate), _SpeechCb(self._on_speech), _MarkCb(), _SpanCb(self._on_word)
        )
        self._init = _InitParams(str(data).encode(), str(config).encode(), None, callbacks, 0)
        lib.RHVoice_new_tts_engine.restype = _Ptr
        lib.RHVoice_new_tts_engine.argtypes = [ctypes.POINTER(_InitParams)]
        lib.RHVoice_get_number_of_voices.argtypes = [_Ptr]
        lib.RHVoice_get_voices.argtypes = [_Ptr]
        lib.RHVoice_get_voices.restype = ctypes.POINTER(_VoiceInfo)
        lib.RHVoice_new_message.restype = _Ptr
        lib.RHVoice_new_message.argtypes = [_Ptr, ctypes.c_char_p, _UInt, _Int]
        lib.RHVoice_new_message.argtypes += [ctypes.POINTER(_SynthParams), _Ptr]
        lib.RHVoice_speak.argtypes = [_Ptr]
        lib.RHVoice_delete_message.argtypes = [_Ptr]
        self._handle = lib.RHVoice_new_tts_engine(ctypes.byref(self._init))
        if not self._handle:
            raise OSError(f"RHVoice found no usable voices in {data}")
        self._lib = lib
        count = lib.RHVoice_get_number_of_voices(self._handle)
        voices = lib.RHVoice_get_voices(self._handle)
        self.languages = frozenset(voices[i].language.decode() for i in range(count))

    def speak(
        self, text: bytes, voice: str, speed: float, pitch: float, sink: WavSink
    ) -> list[tuple[int, float]] | None:
        """Speak UTF-8 `text` into `sink`; `(byte offset, seconds)` per word, None: no voice."""
        params = _SynthParams(voice.encode(), 0.0, pitch, 0.0, speed, 1.0, 1.0, 0, None, 0, 0)
        message = self._lib.RHVoice_new_message(
            self._handle, text, len(text), 0, ctypes.byref(params), None
        )
        if not message:
            return None
        self._sink, self._marks, self._error = sink, [], None
        try:
            ok = self._lib.RHVoice_speak(message)
        finally:
            self._lib.RHVoice_delete_message(message)
            self._sink = None
        if self._error is not None:
            raise self._error
        if not ok:
            raise SynthesisFailed(engine="rhvoice", reason="RHVoice_speak failed")
        return self._marks

    def _on_rate(self, rate: int, _user: int | None) -> int:
        if self._sink is not None and self._sink.rate != rate:
            try:
                self._sink.set_rate(rate)
            except Exception as exc:  # must not cross the C boundary: re-raised by speak()
                self._error = exc
                return 0
        return 1

    def _on_speech(
        self, samples: "ctypes._Pointer[ctypes.c_short]", count: int, _u: int | None
    ) -> int:
        try:
            if self._sink is not None:
                self._sink.write(ctypes.string_at(samples, count * 2))
        except Exception as exc:  # must not cross the C boundary: re-raised by speak()
            self._error = exc
            return 0
        return 1

    def _on_word(self, position: int, _length: int, _user: int | None) -> int:
        if self._sink is not None and self._sink.rate:
            self._marks.append((position, self._sink.duration))
        return 1


def load_engine(library: str, data: Path, config: Path) -> Engine:
    """Load the library (and, beside it, its dependencies) and start an engine.

    Raises:
        OSError: the library or one of its dependencies cannot be loaded, or no voice works.
    """
    folder = Path(library).parent
    if folder != Path():
        for name in _DEPENDENCIES:
            if (folder / name).exists():
                ctypes.CDLL(str(folder / name), mode=ctypes.RTLD_GLOBAL)
    return Engine(ctypes.CDLL(library, mode=ctypes.RTLD_GLOBAL), data, config)
