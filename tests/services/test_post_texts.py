"""A platform's default text fits its limits: hashtags go first, then the description."""

from core.enums import Platform
from publishers.limits import PlatformLimits
from services.post_texts import default_choices


def test_everything_fits_when_there_is_room() -> None:
    limits = PlatformLimits(max_duration_s=60, max_caption_chars=2200, max_title_chars=100)
    choices = default_choices(
        Platform.INSTAGRAM, limits, title="Кофе", description="Три факта о кофе.",
        hashtags=["кофе", "#утро"], ai_generated=True,
    )  # fmt: skip
    assert choices.caption == "Три факта о кофе.\n\n#кофе #утро"
    assert choices.title == "Кофе"
    assert choices.ai_generated


def test_youtube_gets_the_shorts_tag_and_a_title_cut_to_its_limit() -> None:
    limits = PlatformLimits(max_duration_s=180, max_caption_chars=5000, max_title_chars=100)
    choices = default_choices(
        Platform.YOUTUBE, limits, title="x" * 150, description="d", hashtags=[],
        ai_generated=False,
    )  # fmt: skip
    assert choices.caption.endswith("#Shorts")
    assert len(choices.title) == 100
    assert choices.title.endswith("…")


def test_hashtags_are_dropped_before_the_description_is_cut() -> None:
    limits = PlatformLimits(max_duration_s=60, max_caption_chars=40)
    choices = default_choices(
        Platform.X, limits, title="t", description="a" * 30, hashtags=["one", "two", "three"],
        ai_generated=True,
    )  # fmt: skip
    assert choices.caption == "a" * 30 + "\n\n#one"
    long = default_choices(
        Platform.X, limits, title="t", description="word " * 20, hashtags=["tag"],
        ai_generated=True,
    )  # fmt: skip
    assert len(long.caption) <= 40
    assert long.caption.endswith("…")
    assert "#tag" not in long.caption


def test_bytes_count_where_the_platform_counts_bytes() -> None:
    limits = PlatformLimits(max_duration_s=60, max_caption_chars=20, caption_in_bytes=True)
    choices = default_choices(
        Platform.YOUTUBE, limits, title="t", description="я" * 30, hashtags=[],
        ai_generated=True,
    )  # fmt: skip
    assert len(choices.caption.encode()) <= 20
