"""What a person chose for one post, kept on its publication row (`PydanticJSON`): the
text per platform and the platform's own choices (TikTok's privacy and toggles, YouTube's
privacy and audience). These become the REST API's models too."""

from datetime import datetime

from pydantic import BaseModel, Field


class PostChoices(BaseModel):
    title: str = ""
    caption: str = ""  # the whole text as posted, hashtags included
    privacy: str | None = None  # the platform's own value; TikTok's has no default
    made_for_kids: bool = False
    ai_generated: bool = True  # the AI-generated disclosure, asked once per user
    publish_at: datetime | None = None  # the platform publishes then (YouTube)
    options: dict[str, bool | str] = Field(default_factory=dict)
