"""Atomic WAV writing and level measurement."""

import wave
from pathlib import Path

import numpy as np
import pytest

from pipeline.speech.wav import WavSink, measure


def tone(seconds: float, rate: int, amplitude: float) -> bytes:
    t = np.arange(round(seconds * rate)) / rate
    return (np.sin(2 * np.pi * 440 * t) * amplitude * 32767).astype("<i2").tobytes()


def test_commit_writes_a_16_bit_mono_wav_and_tracks_trailing_silence(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "voice.wav"
    with WavSink(out, 8000) as sink:
        sink.write(tone(1.0, 8000, 0.5))
        sink.write(bytes(4000))  # 0.25 s of silence
        sink.commit()

    assert sink.duration == 1.25
    assert sink.voiced_end == pytest.approx(1.0, abs=0.001)
    with wave.open(str(out)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 8000)
    stats = measure(out)
    assert stats.duration == 1.25
    assert stats.voiced_end == pytest.approx(1.0, abs=0.001)
    assert stats.peak == pytest.approx(0.5, abs=0.01)
    assert stats.rms == pytest.approx(0.5 / np.sqrt(2) * np.sqrt(1 / 1.25), abs=0.01)
    assert [p.name for p in out.parent.iterdir()] == ["voice.wav"]


def test_failure_leaves_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "voice.wav"
    out.write_bytes(b"old")

    def fail_midway() -> None:
        with WavSink(out, 8000) as sink:
            sink.write(tone(0.1, 8000, 0.5))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_midway()

    assert [p.name for p in tmp_path.iterdir()] == ["voice.wav"]
    assert out.read_bytes() == b"old"  # the previous file is untouched


def test_rate_can_arrive_late_and_silence_measures_zero(tmp_path: Path) -> None:
    out = tmp_path / "quiet.wav"
    with WavSink(out) as sink:
        assert sink.duration == sink.voiced_end == 0.0
        sink.set_rate(24000)
        sink.write(bytes(4800))
        sink.commit()

    stats = measure(out)
    assert (stats.rate, stats.duration, stats.voiced_end, stats.peak) == (24000, 0.1, 0.0, 0.0)


def test_discard_before_the_rate_is_known(tmp_path: Path) -> None:
    with WavSink(tmp_path / "never.wav"):
        pass  # e.g. the engine refused the voice before sending any audio

    assert not list(tmp_path.iterdir())
