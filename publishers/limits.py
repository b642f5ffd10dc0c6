"""Each platform's limits on the file and the text, checked before any byte goes up
(oauth-and-publishing-rules.md, 4), so a Short that cannot fit fails with a clear reason
instead of an upload that the platform refuses."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.errors import DomainError

if TYPE_CHECKING:
    from publishers.base import PostDraft, VideoFile


@dataclass(frozen=True, slots=True)
class PlatformLimits:
    max_duration_s: float
    min_duration_s: float = 0.0
    max_size_bytes: int = 4 * 1024**3
    min_side_px: int = 0
    max_fps: float = 60.0
    min_fps: float = 0.0
    # width / height; a Short is 9:16 (0.5625)
    min_aspect: float = 0.0
    max_aspect: float = 1.0  # square or taller unless a platform says otherwise
    video_codecs: frozenset[str] = frozenset({"h264"})
    max_title_chars: int | None = None
    max_caption_chars: int = 2200
    caption_in_bytes: bool = False  # YouTube counts its description in UTF-8 bytes
    # A platform's own count (X weighs URLs, CJK and emoji); overrides caption_in_bytes.
    caption_length: Callable[[str], int] | None = None
    max_hashtags: int | None = None


class MediaNotAccepted(DomainError):
    """The file or the text breaks a platform's limit; `what` says which."""

    key = "error-publish-media"
    template = "{provider} does not accept this: {what} is {actual}, the limit is {limit}"


def check_video(provider: str, limits: PlatformLimits, video: "VideoFile") -> None:
    """Raise MediaNotAccepted for the first limit `video` breaks."""
    aspect = video.width / video.height if video.height else 0.0
    checks: tuple[tuple[str, float | str, float | str, bool], ...] = (
        ("duration", video.duration_s, limits.max_duration_s,
         video.duration_s <= limits.max_duration_s),
        ("duration", video.duration_s, limits.min_duration_s,
         video.duration_s >= limits.min_duration_s),
        ("size", video.size, limits.max_size_bytes, video.size <= limits.max_size_bytes),
        ("side", min(video.width, video.height), limits.min_side_px,
         min(video.width, video.height) >= limits.min_side_px),
        ("fps", video.fps, limits.max_fps, video.fps <= limits.max_fps),
        ("fps", video.fps, limits.min_fps, video.fps >= limits.min_fps),
        ("aspect", round(aspect, 3), limits.max_aspect, aspect <= limits.max_aspect + 1e-3),
        ("aspect", round(aspect, 3), limits.min_aspect, aspect >= limits.min_aspect - 1e-3),
        ("codec", video.video_codec, ",".join(sorted(limits.video_codecs)),
         video.video_codec in limits.video_codecs),
    )  # fmt: skip
    for what, actual, limit, ok in checks:
        if not ok:
            raise MediaNotAccepted(provider=provider, what=what, actual=actual, limit=limit)


def measure_caption(limits: PlatformLimits, text: str) -> int:
    """`text`'s length as the platform counts it against `max_caption_chars`."""
    if limits.caption_length is not None:
        return limits.caption_length(text)
    return len(text.encode()) if limits.caption_in_bytes else len(text)


def check_draft(provider: str, limits: PlatformLimits, draft: "PostDraft") -> None:
    """Raise MediaNotAccepted when the title, caption or hashtags break a limit."""
    if limits.max_title_chars is not None and len(draft.title) > limits.max_title_chars:
        raise MediaNotAccepted(
            provider=provider, what="title", actual=len(draft.title), limit=limits.max_title_chars
        )
    length = measure_caption(limits, draft.caption)
    if length > limits.max_caption_chars:
        raise MediaNotAccepted(
            provider=provider, what="caption", actual=length, limit=limits.max_caption_chars
        )
    tags = sum(1 for word in draft.caption.split() if word.startswith("#"))
    if limits.max_hashtags is not None and tags > limits.max_hashtags:
        raise MediaNotAccepted(
            provider=provider, what="hashtags", actual=tags, limit=limits.max_hashtags
        )
