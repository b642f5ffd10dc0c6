"""`post_info` of a Direct Post init from the user's draft (tiktok.md, 3.1), with the
choices TikTok's Content Sharing Guidelines make the user take (oauth-and-publishing-rules.md,
5): privacy with no default, comment/duet/stitch off until turned on, commercial-content
disclosure, the AI-generated label."""

from typing import Any

from publishers.base import PostDraft
from publishers.errors import PublishRejected
from publishers.tiktok.wire import PROVIDER

PRIVACY_LEVELS = frozenset(
    {"PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"}
)


def title_for(draft: PostDraft) -> str:
    return draft.caption or draft.title  # TikTok's `title` is the whole caption


def _chosen(draft: PostDraft, option: str) -> bool:
    """The user's toggle; TikTok's rules keep every toggle off until the user turns it on."""
    value = draft.options.get(option, False)
    return value is True or (isinstance(value, str) and value.lower() in ("1", "true", "yes"))


def post_info_for(draft: PostDraft) -> dict[str, Any]:
    if draft.privacy not in PRIVACY_LEVELS:
        # TikTok's UX rules: privacy is the user's explicit choice, never a default.
        raise PublishRejected(
            provider=PROVIDER, reason=f"no privacy level chosen: {draft.privacy}"
        )
    branded = _chosen(draft, "brand_content")
    if branded and draft.privacy == "SELF_ONLY":
        raise PublishRejected(provider=PROVIDER, reason="branded content cannot be private")
    return {
        "title": title_for(draft),
        "privacy_level": draft.privacy,
        "disable_comment": not _chosen(draft, "allow_comment"),
        "disable_duet": not _chosen(draft, "allow_duet"),
        "disable_stitch": not _chosen(draft, "allow_stitch"),
        "brand_content_toggle": branded,
        "brand_organic_toggle": _chosen(draft, "brand_organic"),
        "is_aigc": draft.ai_generated,
    }
