"""Mapping engine word events back onto the words as written."""

import pytest

from core.errors import InvalidInput
from pipeline.speech.base import WordTiming
from pipeline.speech.timing import align_words, speakable


def spans(words: tuple[WordTiming, ...]) -> list[tuple[str, float, float]]:
    return [(w.text, w.start, w.end) for w in words]


def test_each_word_starts_at_its_earliest_event_and_ends_at_the_next() -> None:
    text = "В 2025 году"
    marks = [(0, 0.0), (2, 0.1), (3, 0.3), (3, 0.7), (7, 1.5)]  # "2025" read as three words

    assert spans(align_words(text, marks, 2.0)) == [
        ("В", 0.0, 0.1),
        ("2025", 0.1, 1.5),
        ("году", 1.5, 2.0),
    ]


def test_words_without_events_share_time_by_letters() -> None:
    text = "один co-op три"  # the engine reported nothing for "co-op"
    marks = [(0, 0.0), (10, 1.3)]

    assert spans(align_words(text, marks, 2.0)) == [
        ("один", 0.0, 0.65),  # four letters each
        ("co-op", 0.65, 1.3),
        ("три", 1.3, 2.0),
    ]


def test_bare_punctuation_gets_no_time() -> None:
    text = "да — нет !"
    marks = [(0, 0.0), (5, 0.6)]

    assert spans(align_words(text, marks, 1.0)) == [
        ("да", 0.0, 0.6),
        ("—", 0.6, 0.6),
        ("нет", 0.6, 1.0),
        ("!", 1.0, 1.0),
    ]


def test_events_in_the_gap_and_at_the_same_instant() -> None:
    text = "а не тут"
    marks = [(0, 0.0), (1, 0.5), (2, 0.5), (5, 0.9)]  # offset 1 is the space before "не"

    assert spans(align_words(text, marks, 1.2)) == [
        ("а", 0.0, 0.5),
        ("не", 0.5, 0.9),
        ("тут", 0.9, 1.2),
    ]


def test_same_instant_words_are_spread() -> None:
    text = "а не тут"  # RHVoice reports both short words at the same chunk boundary
    marks = [(0, 3.5), (2, 3.5), (5, 3.6)]

    assert spans(align_words(text, marks, 4.0)) == [
        ("а", 3.5, 3.533),
        ("не", 3.533, 3.6),
        ("тут", 3.6, 4.0),
    ]


def test_no_events_at_all_and_out_of_order_events() -> None:
    assert spans(align_words("раз два", [], 1.0)) == [("раз", 0.0, 0.5), ("два", 0.5, 1.0)]
    out_of_order = align_words("раз два три", [(0, 0.0), (4, 0.8), (8, 0.4)], 1.0)
    assert spans(out_of_order) == [("раз", 0.0, 0.8), ("два", 0.8, 0.9), ("три", 0.9, 1.0)]
    assert align_words("", [], 1.0) == ()


def test_last_word_never_ends_before_it_starts() -> None:
    assert spans(align_words("раз два", [(0, 0.0), (4, 0.9)], 0.5)) == [
        ("раз", 0.0, 0.9),
        ("два", 0.9, 0.9),
    ]


def test_speakable_folds_whitespace_and_rejects_empty_text() -> None:
    assert speakable("  Привет,\n\tмир\x07! ") == "Привет, мир !"
    with pytest.raises(InvalidInput):
        speakable("... — !")
