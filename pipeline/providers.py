"""Builds the engines named in settings (offline ones here; cloud ones join them later)."""

from core.errors import InvalidInput
from core.settings import ProvidersSettings
from pipeline.context import Providers
from pipeline.speech.cache import SpeechCache
from pipeline.speech.registry import get_synth
from pipeline.transcribe.chain import build_transcriber
from pipeline.writers.base import ScriptWriter
from pipeline.writers.chain import FallbackWriter
from pipeline.writers.offline import TemplateWriter


def _one_writer(name: str, settings: ProvidersSettings) -> ScriptWriter:
    if name == "offline":
        return TemplateWriter()
    if name == "openai":
        # Imported on demand: the OpenAI SDK costs ~20 MB in every worker that never uses it.
        from pipeline.writers.llm import LLMWriter  # noqa: PLC0415
        from pipeline.writers.llm_errors import needs_api_key  # noqa: PLC0415

        openai = settings.openai
        if needs_api_key(openai.base_url) and not (
            openai.api_key and openai.api_key.get_secret_value()
        ):
            raise InvalidInput(
                what="PROVIDERS__OPENAI__API_KEY", reason=f"required for {openai.base_url}"
            )
        return LLMWriter(openai)
    raise InvalidInput(what="PROVIDERS__SCRIPT", reason=f"unknown script writer {name!r}")


def build_writer(settings: ProvidersSettings) -> ScriptWriter:
    """The script writer(s) in `settings.script`: "offline", "openai" or a fallback chain
    such as "openai,offline" (tried in order)."""
    names = [name.strip().lower() for name in settings.script.split(",") if name.strip()]
    if not names:
        raise InvalidInput(what="PROVIDERS__SCRIPT", reason="no script writer named")
    writers = [_one_writer(name, settings) for name in names]
    return writers[0] if len(writers) == 1 else FallbackWriter(writers)


def build_providers(
    settings: ProvidersSettings, *, speech_cache: SpeechCache | None = None
) -> Providers:
    """Every provider the pipeline needs, as configured; paid speech is kept in
    `speech_cache` (None: not kept)."""
    return Providers(
        writer=build_writer(settings),
        synth=get_synth(
            settings.tts,
            rhvoice_root=settings.rhvoice_root,
            elevenlabs=settings.elevenlabs,
            cache=speech_cache,
        ),
        transcriber=build_transcriber(settings),
    )
