"""New Short's picture source as the conversation keeps it (`images`)."""

from typing import Any, Literal


def images_choice(data: dict[str, Any], ai_pictures: bool) -> Literal["auto", "offline"]:
    """The project's picture source: offline art only if fal.ai is on offer and declined."""
    return "offline" if ai_pictures and data.get("images") == "offline" else "auto"
