"""A local X API v2 (OAuth 2.0 with PKCE, chunked media upload, posts, timelines) for the
real X publisher. See `XEmulator`, its README and `shared/api-contracts/x.md`."""

from .emulator import CLIENT_ID, CLIENT_SECRET, DEFAULT_USER, XEmulator
from .faults import XFault, XFaults
from .state import Grant, Media, Tweet, User

__all__ = [
    "CLIENT_ID",
    "CLIENT_SECRET",
    "DEFAULT_USER",
    "Grant",
    "Media",
    "Tweet",
    "User",
    "XEmulator",
    "XFault",
    "XFaults",
]
