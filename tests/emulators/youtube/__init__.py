"""A local YouTube Data API v3 with Google OAuth, for the YouTube publisher and for
google-api-python-client. See `YouTubeEmulator` and `shared/api-contracts/youtube.md`."""

from .channel import Channel, Video
from .emulator import CHANNEL_ID, CLIENT_ID, CLIENT_SECRET, YouTubeEmulator
from .faults import YouTubeFault, YouTubeFaults, google_error
from .oauth import GoogleOAuth, Grant
from .thumbnails import Thumbnail, Thumbnails
from .uploads import CHUNK_GRANULARITY, Session

__all__ = [
    "CHANNEL_ID",
    "CHUNK_GRANULARITY",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "Channel",
    "GoogleOAuth",
    "Grant",
    "Session",
    "Thumbnail",
    "Thumbnails",
    "Video",
    "YouTubeEmulator",
    "YouTubeFault",
    "YouTubeFaults",
    "google_error",
]
