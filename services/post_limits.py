"""Each platform's text limits, as the chat checks a caption the person edits
(oauth-and-publishing-rules.md, 4). The publisher checks the whole post again against its own
`limits` before any byte goes up; these only make the chat's answer immediate."""

from core.enums import Platform
from publishers.limits import PlatformLimits

TEXT_LIMITS: dict[Platform, PlatformLimits] = {
    Platform.YOUTUBE: PlatformLimits(
        max_duration_s=180, max_title_chars=100, max_caption_chars=5000, caption_in_bytes=True
    ),
    Platform.INSTAGRAM: PlatformLimits(
        max_duration_s=900, max_caption_chars=2200, max_hashtags=30
    ),
    Platform.TIKTOK: PlatformLimits(max_duration_s=600, max_caption_chars=2200),
    Platform.X: PlatformLimits(max_duration_s=140, max_caption_chars=280),
    Platform.TELEGRAM: PlatformLimits(max_duration_s=86_400, max_caption_chars=1024),
}
