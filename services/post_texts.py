"""Each platform's text for a Short, made from its script (title, description, hashtags) to
fit the platform's limits: hashtags that do not fit are dropped before the description is
shortened, and a shortened description ends with an ellipsis."""

from collections.abc import Sequence

from core.enums import Platform
from core.post_options import PostChoices
from publishers.limits import PlatformLimits, measure_caption

ELLIPSIS = "…"


def default_choices(
    platform: Platform,
    limits: PlatformLimits,
    *,
    title: str,
    description: str,
    hashtags: Sequence[str],
    ai_generated: bool,
) -> PostChoices:
    tags = platform_hashtags(platform, hashtags, keep=limits.max_hashtags)
    budget = limits.max_caption_chars
    body = description.strip() or title.strip()
    while tags and _length(join_caption(body, tags), limits) > budget:
        tags.pop()
    caption = join_caption(body, tags)
    if _length(caption, limits) > budget:
        caption = _shorten(body, budget, limits)
    short_title = title.strip()
    if limits.max_title_chars is not None and len(short_title) > limits.max_title_chars:
        short_title = short_title[: limits.max_title_chars - 1].rstrip() + ELLIPSIS
    return PostChoices(title=short_title, caption=caption, ai_generated=ai_generated)


def platform_hashtags(
    platform: Platform, hashtags: Sequence[str], *, keep: int | None = None
) -> list[str]:
    """The hashtags as posted: each with its "#", the first `keep` of them, then YouTube's
    #Shorts added."""
    tags = [tag if tag.startswith("#") else f"#{tag}" for tag in hashtags if tag.strip()]
    if keep is not None:
        tags = tags[:keep]
    if platform is Platform.YOUTUBE and "#shorts" not in (t.lower() for t in tags):
        tags.append("#Shorts")
    return tags


def join_caption(body: str, tags: Sequence[str]) -> str:
    return f"{body}\n\n{' '.join(tags)}" if tags else body


def _length(text: str, limits: PlatformLimits) -> int:
    return measure_caption(limits, text)


def _shorten(text: str, budget: int, limits: PlatformLimits) -> str:
    cut = text
    while cut and _length(cut + ELLIPSIS, limits) > budget:
        cut = cut[: max(len(cut) - max(1, len(cut) // 20), 0)]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return cut.rstrip() + ELLIPSIS
