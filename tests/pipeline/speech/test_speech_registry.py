"""Engine lookup by settings name."""

from pathlib import Path

import pytest

from core.errors import UnsupportedLanguage
from pipeline.speech.base import VoiceParams
from pipeline.speech.errors import UnknownEngine
from pipeline.speech.espeak import EspeakSynth
from pipeline.speech.registry import AutoSynth, get_synth
from pipeline.speech.rhvoice import RHVoiceSynth


def test_names_build_their_engines(tmp_path: Path) -> None:
    assert isinstance(get_synth("espeak"), EspeakSynth)
    rhvoice = get_synth("rhvoice", rhvoice_root=tmp_path)
    assert isinstance(rhvoice, RHVoiceSynth)
    assert rhvoice.root == tmp_path
    assert isinstance(get_synth("auto"), AutoSynth)


def test_unknown_name_is_a_clear_error() -> None:
    with pytest.raises(UnknownEngine, match=r"'piper'.*espeak, rhvoice, auto"):
        get_synth("piper")


async def test_auto_falls_back_to_espeak_without_rhvoice(tmp_path: Path) -> None:
    synth = get_synth("auto", rhvoice_root=tmp_path / "missing")

    assert synth.languages() == {"ru", "en"}
    speech = await synth.synthesize("Привет, мир!", "ru", VoiceParams(), tmp_path / "a.wav")
    assert speech.engine == "espeak"
    assert [w.text for w in speech.words] == ["Привет,", "мир!"]
    with pytest.raises(UnsupportedLanguage, match=r"'de'.*en, ru"):
        await synth.synthesize("Hallo", "de", VoiceParams(), tmp_path / "b.wav")
