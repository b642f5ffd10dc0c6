"""A local Instagram (Instagram Login, Graph Reels publishing, rupload) for the publisher.

See `InstagramEmulator`, `FileHost` and `shared/api-contracts/instagram.md`.
"""

from .emulator import CLIENT_ID, CLIENT_SECRET, USER_ID, InstagramEmulator
from .faults import IgFault, IgFaults
from .files import FileHost
from .state import Clock, Container, Media

__all__ = [
    "CLIENT_ID",
    "CLIENT_SECRET",
    "USER_ID",
    "Clock",
    "Container",
    "FileHost",
    "IgFault",
    "IgFaults",
    "InstagramEmulator",
    "Media",
]
