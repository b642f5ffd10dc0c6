"""Builds the engines named in settings (offline ones here; cloud ones join them later)."""

from pipeline.context import Providers
from pipeline.errors import InvalidInput
from pipeline.settings import ProvidersSettings
from pipeline.speech.registry import get_synth
from pipeline.writers.base import ScriptWriter
from pipeline.writers.offline import TemplateWriter


def build_writer(name: str) -> ScriptWriter:
    """The script writer called `name` ("offline": the template writer)."""
    if name == "offline":
        return TemplateWriter()
    raise InvalidInput(what="PROVIDERS__SCRIPT", reason=f"unknown script writer {name!r}")


def build_providers(settings: ProvidersSettings) -> Providers:
    """Every provider the pipeline needs, as configured."""
    return Providers(
        writer=build_writer(settings.script),
        synth=get_synth(settings.tts, rhvoice_root=settings.rhvoice_root),
    )
