"""align_transcript: one span per written word, whatever the recogniser made of them."""

import itertools

import pytest

from pipeline.speech.base import WordTiming
from pipeline.transcribe.align import align_transcript, normalize


def heard(*items: tuple[str, float, float]) -> tuple[WordTiming, ...]:
    return tuple(WordTiming(text, start, end) for text, start, end in items)


def spans(words: tuple[WordTiming, ...]) -> list[tuple[str, float, float]]:
    return [(w.text, w.start, w.end) for w in words]


def assert_well_formed(words: tuple[WordTiming, ...], duration: float) -> None:
    assert all(0.0 <= w.start <= w.end <= duration for w in words)
    assert all(a.start <= b.start and a.end <= b.start for a, b in itertools.pairwise(words))


def test_exact_match_keeps_heard_spans_and_written_spelling() -> None:
    result = align_transcript(
        "Octopuses have, three hearts!",
        heard(
            ("octopuses", 0.1, 0.6), ("have", 0.7, 0.9), ("three", 1.0, 1.3), ("hearts", 1.3, 1.8)
        ),
        2.0,
    )

    assert spans(result) == [
        ("Octopuses", 0.1, 0.6),
        ("have,", 0.7, 0.9),
        ("three", 1.0, 1.3),
        ("hearts!", 1.3, 1.8),
    ]


def test_nothing_heard_spreads_words_over_the_audio_by_letters() -> None:
    result = align_transcript("a bbb", (), 4.0)

    assert spans(result) == [("a", 0.0, 1.0), ("bbb", 1.0, 4.0)]


def test_missed_words_are_interpolated_between_matched_neighbours() -> None:
    result = align_transcript(
        "one two three four", heard(("one", 0.0, 0.5), ("four", 2.5, 3.0)), 3.0
    )

    # "two" and "three" share the 2 s gap by their letters, 3 and 5.
    assert spans(result) == [
        ("one", 0.0, 0.5),
        ("two", 0.5, 1.25),
        ("three", 1.25, 2.5),
        ("four", 2.5, 3.0),
    ]


def test_extra_heard_words_are_skipped() -> None:
    result = align_transcript(
        "hello world",
        heard(("um", 0.0, 0.3), ("hello", 0.4, 0.8), ("uh", 0.9, 1.0), ("world", 1.1, 1.5)),
        2.0,
    )

    assert spans(result) == [("hello", 0.4, 0.8), ("world", 1.1, 1.5)]


def test_numbers_heard_as_words_take_the_heard_span() -> None:
    result = align_transcript(
        "I have 3 cats and 1,000 fish",
        heard(
            ("I", 0.0, 0.2),
            ("have", 0.2, 0.5),
            ("three", 0.5, 0.9),
            ("cats", 0.9, 1.3),
            ("and", 1.3, 1.5),
            ("one", 1.5, 1.8),
            ("thousand", 1.8, 2.4),
            ("fish", 2.4, 2.8),
        ),
        3.0,
    )

    assert spans(result) == [
        ("I", 0.0, 0.2),
        ("have", 0.2, 0.5),
        ("3", 0.5, 0.9),
        ("cats", 0.9, 1.3),
        ("and", 1.3, 1.5),
        ("1,000", 1.5, 2.4),
        ("fish", 2.4, 2.8),
    ]


def test_cyrillic_with_yo_and_case_matches() -> None:
    result = align_transcript(
        "Ёжик идёт домой.",
        heard(("ежик", 0.2, 0.6), ("Идет", 0.6, 0.9), ("домой", 0.9, 1.4)),
        1.5,
    )

    assert spans(result) == [("Ёжик", 0.2, 0.6), ("идёт", 0.6, 0.9), ("домой.", 0.9, 1.4)]
    assert normalize("«Ёлка»,") == normalize("елка")


def test_punctuation_only_tokens_get_no_time_beside_words() -> None:
    result = align_transcript(
        "Wait — what now?", heard(("wait", 0.0, 0.4), ("now", 1.0, 1.2)), 1.2
    )

    assert spans(result) == [
        ("Wait", 0.0, 0.4),
        ("—", 0.4, 0.4),
        ("what", 0.4, 1.0),
        ("now?", 1.0, 1.2),
    ]
    alone = align_transcript("Wait — what", heard(("wait", 0, 0.4), ("what", 0.6, 1)), 1.0)
    assert spans(alone)[1] == ("—", 0.4, 0.6)  # a lone dash fills its own gap


def test_misheard_run_shares_the_heard_span() -> None:
    result = align_transcript(
        "each of their eight arms",
        heard(("each", 2.7, 2.9), ("and", 2.9, 3.1), ("arrayed", 3.1, 3.5), ("arms", 3.5, 3.8)),
        4.0,
    )

    assert [w.text for w in result] == ["each", "of", "their", "eight", "arms"]
    assert result[1].start == 2.9
    assert result[3].end == 3.5
    assert result[2].start == pytest.approx(2.9 + 0.6 * 2 / 12)
    assert_well_formed(result, 4.0)


def test_overlapping_and_out_of_range_spans_are_made_monotone_and_clamped() -> None:
    result = align_transcript(
        "a b c d",
        heard(("a", -0.2, 0.8), ("b", 0.5, 1.2), ("c", 1.1, 1.0), ("d", 1.9, 9.0)),
        2.0,
    )

    assert_well_formed(result, 2.0)
    assert result[0].start == 0.0
    assert result[-1].end == 2.0


def test_leading_and_trailing_missed_words_use_the_audio_edges() -> None:
    result = align_transcript("so it ends here", heard(("it", 1.0, 1.2), ("ends", 1.2, 1.6)), 3.0)

    assert spans(result)[0] == ("so", 0.0, 1.0)
    assert spans(result)[-1] == ("here", 1.6, 3.0)


def test_empty_script_and_more_heard_than_written() -> None:
    assert align_transcript("   ", heard(("x", 0, 1)), 1.0) == ()
    result = align_transcript(
        "hi", heard(("oh", 0.0, 0.2), ("hi", 0.3, 0.5), ("there", 0.6, 1)), 1.0
    )
    assert spans(result) == [("hi", 0.3, 0.5)]
