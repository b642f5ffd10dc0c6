"""TikTok's limits on the file and the caption (oauth-and-publishing-rules.md, 4): checked by
the caller before any byte goes up. The creator's own longest video comes from CreatorInfo."""

from publishers.limits import PlatformLimits

TIKTOK_LIMITS = PlatformLimits(
    max_duration_s=600.0,  # the API's ceiling; the creator's own is in CreatorInfo
    min_duration_s=3.0,
    max_size_bytes=4 * 1024**3,
    min_side_px=360,
    min_fps=23.0,
    max_fps=60.0,
    video_codecs=frozenset({"h264", "hevc", "vp8", "vp9"}),
    max_caption_chars=2200,
)
