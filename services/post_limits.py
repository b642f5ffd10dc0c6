"""Each platform's text limits as the chat checks a caption the person edits: the
publishers' own (`publishers.registry.PLATFORM_LIMITS`), so the chat's answer and the
publisher's check before upload cannot disagree (X's weighted length, Telegram's UTF-16)."""

from core.enums import Platform
from publishers.limits import PlatformLimits
from publishers.registry import PLATFORM_LIMITS

TEXT_LIMITS: dict[Platform, PlatformLimits] = PLATFORM_LIMITS
