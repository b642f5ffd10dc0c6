"""What YouTube is told about a Short (the `videos.insert` resource) and the limits it is
checked against first (youtube.md 2.1, 3; oauth-and-publishing-rules.md 4)."""

from datetime import UTC, datetime
from typing import Any

from publishers.base import PostDraft
from publishers.errors import PublishRejected
from publishers.limits import PlatformLimits

# Square or taller and at most 3 minutes: YouTube files the upload as a Short (no API flag).
YOUTUBE_LIMITS = PlatformLimits(
    max_duration_s=180.0,
    max_size_bytes=256 * 1024**3,
    max_aspect=1.0,
    video_codecs=frozenset({"h264", "hevc", "vp9", "av1"}),
    max_title_chars=100,
    max_caption_chars=5000,
    caption_in_bytes=True,
    max_hashtags=60,  # more and YouTube ignores every hashtag of the video
)
PRIVACY = frozenset({"public", "unlisted", "private"})
MAX_TAGS_CHARS = 500
PEOPLE_AND_BLOGS = "22"


def video_resource(draft: PostDraft, *, now: datetime) -> dict[str, Any]:
    """snippet + status. A future `publish_at` uploads the Short private and YouTube makes it
    public then; one already past publishes now, as a late scheduled post should."""
    privacy = draft.privacy or "public"
    if privacy not in PRIVACY:
        raise PublishRejected(provider="YouTube", reason=f"privacy {privacy!r} is not one of "
                              f"{sorted(PRIVACY)}")  # fmt: skip
    status: dict[str, Any] = {
        "privacyStatus": privacy,
        "selfDeclaredMadeForKids": draft.made_for_kids,
        # Sent even when false: the disclosure is an answer, not a default (youtubeuploader).
        "containsSyntheticMedia": draft.ai_generated,
    }
    if draft.publish_at is not None and draft.publish_at > now:
        status["privacyStatus"] = "private"  # publishAt is allowed on private videos only
        status["publishAt"] = draft.publish_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    snippet = {
        "title": draft.title,
        "description": draft.caption,
        "tags": _tags(draft.caption),
        "categoryId": PEOPLE_AND_BLOGS,
    }
    return {"snippet": snippet, "status": status}


def _tags(caption: str) -> list[str]:
    """The caption's hashtags as keywords, within YouTube's 500-character total."""
    tags: list[str] = []
    for word in caption.split():
        tag = word.lstrip("#").strip(".,!?")
        if word.startswith("#") and tag and tag not in tags:
            if len(",".join([*tags, tag])) > MAX_TAGS_CHARS:
                break
            tags.append(tag)
    return tags
