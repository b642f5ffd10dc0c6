"""The caption settings as New Short's and /batch's conversation keeps them (`captions`,
`scene_counter`): started from the person's last Short when the tone is picked, changed in
the picker."""

from typing import Any

from core.captions import CaptionChoice
from core.project_options import ProjectOptions


def remembered(last: ProjectOptions) -> dict[str, Any]:
    """The conversation's starting caption settings: the last Short's (JSON for the FSM)."""
    return {"captions": last.captions.model_dump(mode="json"), "scene_counter": last.scene_counter}


def conversation_captions(data: dict[str, Any]) -> CaptionChoice | None:
    """The settings picked so far; None in a conversation begun before the picker existed
    (the service then takes the last Short's, as it does for the API)."""
    found = data.get("captions")
    return CaptionChoice.model_validate(found) if found is not None else None


def conversation_counter(data: dict[str, Any]) -> bool | None:
    found = data.get("scene_counter")
    return bool(found) if found is not None else None


def shown(data: dict[str, Any]) -> tuple[CaptionChoice, bool]:
    """The settings a summary and the picker show: the defaults where none were kept."""
    return conversation_captions(data) or CaptionChoice(), bool(conversation_counter(data))
