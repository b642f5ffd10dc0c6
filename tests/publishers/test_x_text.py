"""X's weighted length (twitter-text v3) and the caption check that uses it."""

import pytest

from publishers.base import PostDraft
from publishers.limits import MediaNotAccepted, check_draft
from publishers.x import X_LIMITS, weighted_length


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("", 0),
        ("hello", 5),
        ("привет, мир", 11),  # Cyrillic is in U+0000-U+10FF: weight 1
        ("日本語", 6),  # CJK: 2 each
        ("한국어", 6),
        ("“quoted” — ok", 13),  # U+2010-U+201F are light
        ("…", 2),  # U+2026 is not
        ("👍", 2),
        ("👍🏽", 2),  # with a skin tone: one emoji
        ("👨\u200d👩\u200d👧", 2),  # a ZWJ family: one emoji
        ("🇺🇦", 2),  # a flag: two regional indicators, one emoji
        ("1\ufe0f\u20e3", 2),  # a keycap
        ("1", 1),
        ("https://example.com/a/very/long/path/that/goes/on?and=on", 23),
        ("see https://t.co/x.", 4 + 23 + 1),  # trailing punctuation is not the URL's
        ("example.com", 23),  # a bare domain is a link too
        ("write to a@b.com", 16),  # an address is not
        ("e\u0301", 1),  # NFC: é is one code point
    ],
)
def test_weighted_length(text: str, length: int) -> None:
    assert weighted_length(text) == length


def draft(caption: str) -> PostDraft:
    return PostDraft(title="", caption=caption)


def test_a_long_url_fits_where_its_characters_would_not() -> None:
    caption = "x" * 250 + " https://example.com/" + "p" * 100
    assert len(caption) > 280
    check_draft("X", X_LIMITS, draft(caption))  # 250 + 1 + 23


@pytest.mark.parametrize("caption", ["x" * 281, "日" * 141, "🙂" * 141])
def test_over_280_weighted_is_refused(caption: str) -> None:
    with pytest.raises(MediaNotAccepted) as caught:
        check_draft("X", X_LIMITS, draft(caption))
    assert caught.value.params["what"] == "caption"
    assert caught.value.params["limit"] == 280


def test_exactly_280_weighted_passes() -> None:
    check_draft("X", X_LIMITS, draft("日" * 140))
    check_draft("X", X_LIMITS, draft("x" * 280))
