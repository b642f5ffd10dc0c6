"""Errors raised by the speech engines, on top of the shared ones in `core.errors`."""

from core.errors import DomainError


class UnknownEngine(DomainError):
    """A speech engine name that the registry does not know."""

    key = "error-unknown-speech-engine"
    template = "Unknown speech engine {name!r}; use one of: {known}."


class SynthesisFailed(DomainError):
    """The engine ran but produced no usable audio."""

    key = "error-speech-failed"
    template = "{engine} could not speak the text: {reason}"


class VoiceNotFound(DomainError):
    """The requested voice is not installed for the engine."""

    key = "error-voice-not-found"
    template = "{engine} has no voice {voice!r}."
