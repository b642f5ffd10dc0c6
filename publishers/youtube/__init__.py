"""YouTube Shorts: Google OAuth and a resumable upload of the Short.

Why a thin aiohttp adapter and not google-api-python-client: the official client is
synchronous (httplib2, not thread-safe), so every call would hold a thread; its resumable
upload hides the points where we must persist (the session URI before any byte, each
confirmed offset) and it retries 5xx/429 by itself, which must never happen on the PUT that
carries the last byte (the commit); and it keeps `https` for upload URLs unless its discovery
document is rewritten. The protocol is three calls (open a session, PUT chunks, probe with
`bytes */total`), so owning it costs little and gives each step to the exactly-once runner.
tests/emulators/test_youtube_google_client.py drives the official client against the same
emulator, so the emulator speaks Google's protocol and not only ours.
"""

from publishers.youtube.metadata import YOUTUBE_LIMITS, video_resource
from publishers.youtube.oauth import SCOPES, YouTubeOAuth
from publishers.youtube.publisher import YouTubePublisher, shorts_url
from publishers.youtube.replies import next_quota_reset

__all__ = [
    "SCOPES",
    "YOUTUBE_LIMITS",
    "YouTubeOAuth",
    "YouTubePublisher",
    "next_quota_reset",
    "shorts_url",
    "video_resource",
]
