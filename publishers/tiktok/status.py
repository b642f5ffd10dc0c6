"""status/fetch (tiktok.md, 3.3): what became of a publish_id. It is the only way to learn
whether a post exists, so the publisher polls it after the upload and the reconciler asks it
after an unknown outcome."""

from dataclasses import dataclass
from typing import Any

STATUS_PATH = "/v2/post/publish/status/fetch/"
PUBLISH_COMPLETE = "PUBLISH_COMPLETE"
FAILED = "FAILED"
SEND_TO_USER_INBOX = "SEND_TO_USER_INBOX"


@dataclass(frozen=True, slots=True)
class PublishStatus:
    status: str
    fail_reason: str | None
    # Filled only after moderation of a public post, later than PUBLISH_COMPLETE.
    post_ids: tuple[str, ...]
    uploaded_bytes: int | None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "PublishStatus":
        uploaded = data.get("uploaded_bytes")
        return cls(
            status=str(data.get("status", "")),
            fail_reason=data.get("fail_reason") or None,
            # TikTok's own spelling; the ids are int64, kept as text.
            post_ids=tuple(str(i) for i in data.get("publicaly_available_post_id") or []),
            uploaded_bytes=None if uploaded is None else int(uploaded),
        )

    @property
    def complete(self) -> bool:
        return self.status in (PUBLISH_COMPLETE, SEND_TO_USER_INBOX)

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    def upload_incomplete(self, video_size: int) -> bool:
        """True only when TikTok says it still lacks bytes (then the commit never landed);
        an answer without `uploaded_bytes` proves nothing."""
        return (
            not self.complete
            and not self.failed
            and self.uploaded_bytes is not None
            and self.uploaded_bytes < video_size
        )
