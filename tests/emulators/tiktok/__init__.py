"""A local TikTok (Login Kit v2 + Content Posting API) for the TikTok publisher's tests.

See `TikTokEmulator`, README.md and shared/api-contracts/tiktok.md.
"""

from .chunks import ChunkRules
from .emulator import CLIENT_KEY, CLIENT_SECRET, TikTokEmulator
from .faults import Fault, FaultPlan
from .server import Delays, Record
from .state import FakeClock, User

__all__ = [
    "CLIENT_KEY",
    "CLIENT_SECRET",
    "ChunkRules",
    "Delays",
    "FakeClock",
    "Fault",
    "FaultPlan",
    "Record",
    "TikTokEmulator",
    "User",
]
