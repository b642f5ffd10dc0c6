"""What a publish job tells the person: a post went out, was scheduled for a later window,
needs their confirmation or a reconnected account, or failed (and why)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from core.enums import Platform, ProjectOrigin


class PublicationNews(StrEnum):
    PUBLISHED = "published"  # params: url (may be empty)
    SCHEDULED = "scheduled"  # moved to the platform's next quota window; params: when (UTC ISO)
    CONFIRM = "confirm"  # the platform cannot be asked whether the post went out
    RECONNECT = "reconnect"  # the account's grant was refused; held until reconnected
    FAILED = "failed"  # `key` says why; params fill it


@dataclass(frozen=True, slots=True)
class PublicationEvent:
    user_id: int
    publication_id: int
    project_id: int
    platform: Platform
    account_name: str
    news: PublicationNews
    key: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    origin: ProjectOrigin = ProjectOrigin.CHAT
