"""Typed render errors, classified from ffmpeg's exit code and stderr tail."""

import re
from collections.abc import Sequence
from typing import ClassVar

from core.errors import DomainError


class RenderError(DomainError):
    """ffmpeg failed; `argv` and the last stderr lines are kept for the log."""

    key = "error-render-failed"
    template = "The video could not be rendered ({reason}); nothing was lost."
    transient: ClassVar[bool] = True  # unknown failures (killed, out of memory) may pass
    reason: ClassVar[str] = "ffmpeg failed"

    def __init__(self, argv: Sequence[str], stderr_tail: str, reason: str = "ffmpeg failed"):
        self.argv = list(argv)
        self.stderr_tail = stderr_tail
        super().__init__(reason=reason)

    @classmethod
    def from_stderr(cls, argv: Sequence[str], returncode: int, stderr_tail: str) -> "RenderError":
        """Pick the most specific subclass for a failed run."""
        for sub, pattern in _PATTERNS:
            if pattern.search(stderr_tail):
                return sub(argv, stderr_tail, sub.reason)
        return cls(argv, stderr_tail, f"ffmpeg exited with code {returncode}")


class InputNotFound(RenderError):
    key = "error-render-input-missing"
    transient = False
    reason = "an input file is missing or unreadable"


class UnsupportedCodec(RenderError):
    key = "error-render-unsupported-codec"
    transient = False
    reason = "an input uses a format or codec that cannot be decoded"


class FilterGraphError(RenderError):
    key = "error-render-filtergraph"
    transient = False
    reason = "the filtergraph is invalid"


class RenderTimeout(RenderError):
    key = "error-render-timeout"
    transient = True
    reason = "the render took too long"


class EncoderUnavailable(RenderError):
    """The configured `RENDER__ENCODER` failed its test frame (`encoder_probe.py`)."""

    transient = False
    reason = "the configured video encoder does not work here"


_PATTERNS: tuple[tuple[type[RenderError], re.Pattern[str]], ...] = (
    (InputNotFound, re.compile(r"No such file or directory|Permission denied", re.I)),
    (
        UnsupportedCodec,
        re.compile(
            r"Decoder \(codec .*\) not found|Unknown (decoder|encoder)|Invalid data found when"
            r"|could not find codec parameters|Unsupported codec",
            re.I,
        ),
    ),
    (
        FilterGraphError,
        re.compile(
            r"Error (parsing|initializing|configuring|binding)[^\n]*filter|No such filter"
            r"|Invalid filtergraph|Error parsing a filter description"
            r"|Filter \S+ has an unconnected|Error applying option|Option not found"
            r"|Error reinitializing filters",
            re.I,
        ),
    ),
)
