"""RHVoice when it is not installed: reported cleanly, never a crash."""

from pathlib import Path

import pytest

from core.errors import ToolMissing
from pipeline.speech.base import VoiceParams
from pipeline.speech.rhvoice import RHVoiceSynth


async def test_empty_root_is_not_available(tmp_path: Path) -> None:
    synth = RHVoiceSynth(tmp_path)

    assert synth.available() is False
    assert synth.languages() == frozenset()
    with pytest.raises(ToolMissing, match="RHVoice"):
        await synth.synthesize("Привет", "ru", VoiceParams(), tmp_path / "x.wav")
    assert not (tmp_path / "x.wav").exists()


def test_broken_library_is_not_available(tmp_path: Path) -> None:
    lib = tmp_path / "usr/lib/x86_64-linux-gnu/libRHVoice.so.5"
    lib.parent.mkdir(parents=True)
    lib.write_bytes(b"not an ELF file")
    (tmp_path / "usr/share/RHVoice/voices").mkdir(parents=True)

    assert RHVoiceSynth(tmp_path).available() is False


def test_library_without_voice_data_is_not_available(tmp_path: Path) -> None:
    lib = tmp_path / "usr/lib/x86_64-linux-gnu/libRHVoice.so.5"
    lib.parent.mkdir(parents=True)
    lib.write_bytes(b"")

    assert RHVoiceSynth(tmp_path).available() is False
