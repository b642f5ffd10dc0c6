"""Pieces shared by the OpenAI, ElevenLabs and fal emulators.

Server lifecycle and middleware, request records, fault plans, request-body parsing, and
generated media (audio in real codecs, images). It lives inside the OpenAI package only
because the three emulators were built together; it imports nothing from OpenAI and can
move to `tests/emulators/common/` unchanged (fix the three `from ..openai.common` imports).
"""

from .body import ParsedBody, UploadedFile, parse_body
from .faults import ANY_ROUTE, Fault, FaultPlan
from .records import AuthState, RecordedRequest, RequestLog
from .routing import Route, ServiceError
from .server import RECORD_KEY, EmulatorServer

__all__ = [
    "ANY_ROUTE",
    "RECORD_KEY",
    "AuthState",
    "EmulatorServer",
    "Fault",
    "FaultPlan",
    "ParsedBody",
    "RecordedRequest",
    "RequestLog",
    "Route",
    "ServiceError",
    "UploadedFile",
    "parse_body",
]
