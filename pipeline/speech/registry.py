"""Pick a speech engine by its settings name ("espeak", "rhvoice", "auto", "elevenlabs"),
or a comma-separated fallback chain such as "elevenlabs,espeak"."""

from collections.abc import Callable
from pathlib import Path

from core.errors import UnsupportedLanguage
from core.settings import ElevenLabsSettings
from pipeline.speech.base import Speech, SpeechSynth, VoiceParams
from pipeline.speech.cache import SpeechCache
from pipeline.speech.errors import UnknownEngine
from pipeline.speech.espeak import EspeakSynth
from pipeline.speech.fallback import FallbackSynth
from pipeline.speech.rhvoice import RHVoiceSynth
from pipeline.wallet import Wallet


class AutoSynth:
    """RHVoice for the languages it has voices for (Russian) when installed, else espeak-ng."""

    name = "auto"

    def __init__(self, rhvoice: RHVoiceSynth, espeak: EspeakSynth) -> None:
        self._rhvoice = rhvoice
        self._espeak = espeak

    def engine_for(self, language: str) -> SpeechSynth:
        """The engine that speaks `language`."""
        if language in self._rhvoice.languages():
            return self._rhvoice
        if language in self._espeak.languages():
            return self._espeak
        supported = ", ".join(sorted(self.languages()))
        raise UnsupportedLanguage(language=language, supported=supported)

    def languages(self) -> frozenset[str]:
        """ISO 639-1 codes that either engine can speak."""
        return self._rhvoice.languages() | self._espeak.languages()

    async def synthesize(
        self,
        text: str,
        language: str,
        params: VoiceParams,
        out: Path,
        *,
        wallet: Wallet | None = None,
    ) -> Speech:
        """Speak with `engine_for(language)`; `Speech.engine` names the engine used.

        `params.voice` is engine-specific, so pass it only with a named engine.
        """
        return await self.engine_for(language).synthesize(
            text, language, params, out, wallet=wallet
        )


def get_synth(
    name: str,
    *,
    rhvoice_root: Path | None = None,
    elevenlabs: ElevenLabsSettings | None = None,
    cache: SpeechCache | None = None,
) -> SpeechSynth:
    """Build the engine called `name`, or the fallback chain it lists.

    Args:
        name: "espeak", "rhvoice", "auto" (RHVoice where it has a voice, else espeak),
            "elevenlabs", or a comma-separated chain ("elevenlabs,espeak") tried in order;
            a chain always ends with espeak, which is appended when missing.
        rhvoice_root: a `dpkg -x` extract of the RHVoice debs; None: the system install.
        elevenlabs: the ElevenLabs account; None: the defaults (no key, so it fails).
        cache: where paid speech is kept, so the same question is paid once; None: nowhere.

    Raises:
        UnknownEngine: a name is none of the above.
    """
    factories: dict[str, Callable[[], SpeechSynth]] = {
        "espeak": EspeakSynth,
        "rhvoice": lambda: RHVoiceSynth(rhvoice_root),
        "auto": lambda: AutoSynth(RHVoiceSynth(rhvoice_root), EspeakSynth()),
        "elevenlabs": lambda: _elevenlabs(elevenlabs or ElevenLabsSettings(), cache),
    }
    names = [part.strip() for part in name.split(",")]
    for part in names:
        if part not in factories:
            raise UnknownEngine(name=part, known=", ".join(factories))
    if len(names) == 1:
        return factories[names[0]]()
    if names[-1] != "espeak":
        names.append("espeak")
    return FallbackSynth([factories[part]() for part in names])


def _elevenlabs(settings: ElevenLabsSettings, cache: SpeechCache | None) -> SpeechSynth:
    # Imported on demand: the SDK costs ~15 MB in every worker that never uses it.
    from pipeline.speech.elevenlabs import ElevenLabsSynth  # noqa: PLC0415

    return ElevenLabsSynth(settings, cache=cache)
