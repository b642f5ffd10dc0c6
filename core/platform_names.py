"""How a platform is named to people (messages, pages)."""

from core.enums import Platform

PLATFORM_NAMES = {
    Platform.YOUTUBE: "YouTube",
    Platform.INSTAGRAM: "Instagram",
    Platform.TIKTOK: "TikTok",
    Platform.X: "X",
    Platform.TELEGRAM: "Telegram",
}


def platform_name(platform: Platform) -> str:
    return PLATFORM_NAMES[platform]
