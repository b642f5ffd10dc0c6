"""The creator_info query TikTok requires before every post screen (tiktok.md, 2;
oauth-and-publishing-rules.md, 5): the nickname to show, the privacy levels to offer (no
default), which interactions the creator has turned off, the longest video allowed."""

from dataclasses import dataclass
from typing import Any

CREATOR_INFO_PATH = "/v2/post/publish/creator_info/query/"


@dataclass(frozen=True, slots=True)
class CreatorInfo:
    nickname: str
    username: str
    avatar_url: str | None  # valid about 2 h: show it, do not store it
    privacy_level_options: tuple[str, ...]
    comment_disabled: bool
    duet_disabled: bool
    stitch_disabled: bool
    max_video_post_duration_sec: int

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "CreatorInfo":
        return cls(
            nickname=str(data.get("creator_nickname") or ""),
            username=str(data.get("creator_username") or ""),
            avatar_url=data.get("creator_avatar_url"),
            privacy_level_options=tuple(str(v) for v in data.get("privacy_level_options", [])),
            comment_disabled=bool(data.get("comment_disabled")),
            duet_disabled=bool(data.get("duet_disabled")),
            stitch_disabled=bool(data.get("stitch_disabled")),
            max_video_post_duration_sec=int(data.get("max_video_post_duration_sec") or 0),
        )

    def can_post(self, duration_s: float) -> bool:
        """True when a video this long may be posted with one of the offered privacy levels."""
        return bool(self.privacy_level_options) and (
            duration_s <= self.max_video_post_duration_sec
        )
