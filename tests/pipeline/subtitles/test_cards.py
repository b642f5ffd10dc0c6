"""Grouping word timings into caption cards."""

from pipeline.speech.base import WordTiming
from pipeline.subtitles.cards import build_cards


def timed(text: str, step: float = 0.4) -> list[WordTiming]:
    """One WordTiming per word, `step` seconds each; bare punctuation gets no time."""
    words, t = [], 0.0
    for word in text.split():
        length = step if any(ch.isalnum() for ch in word) else 0.0
        words.append(WordTiming(word, round(t, 3), round(t + length, 3)))
        t += length
    return words


def texts(text: str, max_chars: int = 14) -> list[str]:
    return [card.text for card in build_cards(timed(text), max_chars=max_chars)]


def test_at_most_three_words() -> None:
    assert texts("раз два три четыре пять") == ["раз два три", "четыре пять"]


def test_breaks_after_sentence_and_clause_punctuation() -> None:
    assert texts("Привет. Как дела? Хорошо, спасибо!") == [
        "Привет.",
        "Как дела?",
        "Хорошо,",
        "спасибо!",
    ]
    assert texts("«Да!» — сказал он") == ["«Да!» —", "сказал он"]


def test_long_words_stand_alone() -> None:
    assert texts("я видел достопримечательности там") == [
        "я видел",
        "достопримечательности",
        "там",
    ]


def test_cards_fit_the_line() -> None:
    assert texts("огромные красные яблоки", max_chars=16) == ["огромные красные", "яблоки"]
    assert texts("огромные красные яблоки", max_chars=12) == ["огромные", "красные", "яблоки"]


def test_bare_punctuation_rides_with_the_word_before() -> None:
    assert texts("да — нет") == ["да —", "нет"]
    assert texts("— Привет мир") == ["— Привет мир"]


def test_short_cards_join_a_neighbour_in_the_same_sentence() -> None:
    words = [
        WordTiming("Ой,", 0.0, 0.1),
        WordTiming("как", 0.1, 0.5),
        WordTiming("мило.", 0.5, 1.0),
        WordTiming("Да,", 1.0, 1.4),
        WordTiming("я", 1.4, 1.5),
    ]
    cards = build_cards(words)

    assert [c.text for c in cards] == ["Ой, как мило.", "Да, я"]
    assert [(c.start, c.end) for c in cards] == [(0.0, 1.0), (1.0, 1.5)]


def test_short_card_stays_when_it_cannot_merge() -> None:
    words = [WordTiming("Да.", 0.0, 0.1), WordTiming("Нет.", 0.1, 0.6)]

    assert [c.text for c in build_cards(words)] == ["Да.", "Нет."]


def test_every_word_once_in_order() -> None:
    words = timed("Знаете ли вы, что у осьминога три сердца — и голубая кровь? " * 5)
    cards = build_cards(words)

    assert [w for card in cards for w in card.words] == words
    assert all(
        1 <= sum(any(c.isalnum() for c in w.text) for w in card.words) <= 3 for card in cards
    )
    assert build_cards([]) == ()
