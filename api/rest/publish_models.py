"""The bodies of the publishing endpoints, and the one mapping from a publication's state
to the status words the API uses everywhere."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from api.rest.ids import BodyId
from core.enums import Platform, PublicationState

RowId = BodyId
ApiPublicationStatus = Literal[
    "queued", "uploading", "processing", "publish_attempted", "published", "failed",
    "outcome_unknown",
]  # fmt: skip
_STATUS: dict[PublicationState, ApiPublicationStatus] = {
    PublicationState.SCHEDULED: "queued",  # waits for its time: `scheduled_time` says when
    PublicationState.QUEUED: "queued",
    PublicationState.UPLOADING: "uploading",
    PublicationState.PROCESSING: "processing",
    PublicationState.PUBLISH_ATTEMPTED: "publish_attempted",
    PublicationState.PUBLISHED: "published",
    PublicationState.FAILED: "failed",
    PublicationState.OUTCOME_UNKNOWN: "outcome_unknown",
    PublicationState.CANCELLED: "failed",  # called back before it started: `error` says so
}
CANCELLED_ERROR = "cancelled before it started"


def api_status(state: PublicationState) -> ApiPublicationStatus:
    """The API's word for a publication's state."""
    return _STATUS[state]


class PostMetadata(BaseModel):
    """One platform's post, changed; what is left out comes from the Short's script."""

    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(None, max_length=1000, description="YouTube only.")
    description: str | None = Field(
        None, max_length=10_000, description="The text; the tags are added after it."
    )
    tags: list[Annotated[str, Field(max_length=100)]] | None = Field(
        None, max_length=200, description="Hashtags, '#' optional."
    )
    privacy: str | None = Field(
        None,
        max_length=64,
        description="YouTube: public, unlisted or private. TikTok (required there): one of "
        "the creator's privacy levels, e.g. PUBLIC_TO_EVERYONE or SELF_ONLY.",
    )


class PublishVideo(BaseModel):
    model_config = ConfigDict(extra="forbid")
    platforms: list[Platform] = Field(
        default_factory=list, description="Every connected account of these platforms."
    )
    accounts: list[RowId] = Field(
        default_factory=list, max_length=100, description="Connected account IDs."
    )
    schedule_time: AwareDatetime | None = Field(None, description="None: publish now.")
    metadata_overrides: dict[Platform, PostMetadata] = Field(default_factory=dict)
    ai_generated: bool | None = Field(
        None,
        description="Label the video AI-generated where the platform asks. Required until "
        "answered once (here or in the bot); later requests default to that answer.",
    )


class PublicationStarted(BaseModel):
    publication_id: int
    platform: Platform
    account_id: int
    status: ApiPublicationStatus
    scheduled_time: datetime | None
    status_url: str


class PublishAccepted(BaseModel):
    project_id: int
    publications: list[PublicationStarted]  # empty: it is already live on every account


class PublicationAccount(BaseModel):
    id: int
    name: str


class PublicationStatus(BaseModel):
    publication_id: int
    project_id: int
    platform: Platform
    account: PublicationAccount
    status: ApiPublicationStatus
    url: str | None  # once published
    scheduled_time: datetime | None
    published_at: datetime | None
    error: str | None


class ConnectedAccount(BaseModel):
    id: int
    name: str
    status: Literal["active", "reconnect_required"]
    reconnect_needed: bool


class AccountList(BaseModel):
    platform: Platform
    accounts: list[ConnectedAccount]


class ConsentLink(BaseModel):
    platform: Platform
    consent_url: str  # open in a browser: it leads to the platform's consent screen
    expires_in_s: int
