"""String enums stored in the database (as plain VARCHAR, see `db.base.Base.type_annotation_map`).

Adding a member needs no migration: the columns have no native enum type and no CHECK constraint.
Values are lowercase and at most 32 characters long.
"""

from enum import StrEnum


class ProjectStatus(StrEnum):
    DRAFT = "draft"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


UNFINISHED_STATUSES: tuple[ProjectStatus, ...] = (ProjectStatus.QUEUED, ProjectStatus.RUNNING)


class StageName(StrEnum):
    SCRIPT = "script"
    VOICE = "voice"
    VISUALS = "visuals"
    CAPTIONS = "captions"
    RENDER = "render"


STAGE_ORDER: tuple[StageName, ...] = (
    StageName.SCRIPT,
    StageName.VOICE,
    StageName.VISUALS,
    StageName.CAPTIONS,
    StageName.RENDER,
)


class StageStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ArtifactKind(StrEnum):
    SCRIPT_JSON = "script_json"
    VOICE_WAV = "voice_wav"
    WORD_TIMINGS = "word_timings"
    SCENE_IMAGE = "scene_image"
    CAPTIONS_ASS = "captions_ass"
    CAPTIONS_SRT = "captions_srt"
    VIDEO = "video"
    THUMBNAIL = "thumbnail"


class UsageUnit(StrEnum):
    CHARACTERS = "characters"
    TOKENS = "tokens"
    IMAGES = "images"
    RENDER_SECONDS = "render_seconds"
    AUDIO_SECONDS = "audio_seconds"


def stages_from(stage: StageName) -> tuple[StageName, ...]:
    """Return `stage` and every stage after it, in pipeline order."""
    return STAGE_ORDER[STAGE_ORDER.index(stage) :]


class ProjectOrigin(StrEnum):
    """Where a project was asked for, so its reports go back there (`services.notices`)."""

    CHAT = "chat"  # a person in a Telegram chat with the bot
    CLI = "cli"  # `python -m cli`, which watches the job itself
    API = "api"
    BATCH = "batch"


class Platform(StrEnum):
    """Where a Short can be published."""

    YOUTUBE = "youtube"
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"
    X = "x"
    TELEGRAM = "telegram"  # a Telegram channel the bot posts to as an admin


class AccountStatus(StrEnum):
    ACTIVE = "active"
    RECONNECT_REQUIRED = "reconnect_required"  # the platform refused its refresh token
    DISCONNECTED = "disconnected"


class PublicationState(StrEnum):
    """One (Short, account) publication. Only the reconciler leaves OUTCOME_UNKNOWN."""

    SCHEDULED = "scheduled"  # waits for `due_at`; the scheduler tick queues it
    QUEUED = "queued"
    UPLOADING = "uploading"
    PROCESSING = "processing"
    PUBLISH_ATTEMPTED = "publish_attempted"  # committed before the call that makes it public
    PUBLISHED = "published"
    FAILED = "failed"
    OUTCOME_UNKNOWN = "outcome_unknown"
    CANCELLED = "cancelled"


FINAL_PUBLICATION_STATES: tuple[PublicationState, ...] = (
    PublicationState.PUBLISHED,
    PublicationState.FAILED,
    PublicationState.CANCELLED,
)


class PaymentStatus(StrEnum):
    """A Telegram Stars payment for a plan."""

    PAID = "paid"  # the plan was granted
    REFUNDED = "refunded"  # refundStarPayment went through; the plan ended
    REJECTED = "rejected"  # did not match its invoice (user, amount): nothing granted


class WebhookDeliveryStatus(StrEnum):
    """One event on its way to a user's webhook."""

    PENDING = "pending"  # waiting for its (next) attempt
    DELIVERED = "delivered"  # the receiver answered 2xx
    FAILED = "failed"  # every attempt failed, or the receiver refused it for good (4xx)


class BatchStatus(StrEnum):
    RUNNING = "running"  # some of its Shorts are queued or being made
    DONE = "done"  # every Short is done or failed; the summary is due or sent
    CANCELLED = "cancelled"


class MetricsState(StrEnum):
    """What the last metrics read of a published post found."""

    COLLECTING = "collecting"  # the platform answered with numbers (or not yet any)
    GONE = "gone"  # the post was deleted or made private: nothing more to read
    REVOKED = "revoked"  # the account's access ended: read again once it is reconnected
    UNSUPPORTED = "unsupported"  # the platform gives bots no numbers (Telegram views)
