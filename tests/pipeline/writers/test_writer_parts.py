"""Speech-time estimate, topic clean-up, phrase banks and the fitter's scene splitting."""

import random
import string

import pytest

from pipeline.writers.phrases import LANGUAGES, load_bank
from pipeline.writers.plan import choose_kinds, split_scenes
from pipeline.writers.speech_rate import RATES, count_words, estimate_seconds
from pipeline.writers.topic import capitalise, clip_chars, normalise_topic, shorten


def test_estimate_counts_letters_words_and_pauses() -> None:
    en = RATES["en"]
    assert estimate_seconds("one two three four", "en") == pytest.approx(
        15 * en.per_char + 4 * en.per_word + en.per_sentence
    )
    ru = RATES["ru"]
    text = "Раз, два, три. Четыре!"
    expected = 15 * ru.per_char + 4 * ru.per_word + 2 * ru.per_sentence + 2 * ru.per_clause
    assert estimate_seconds(text, "ru") == pytest.approx(expected)
    assert estimate_seconds(text, "ru", speed=2.0) == pytest.approx(expected / 2)
    assert estimate_seconds("", "ru") == 0


def test_numbers_count_as_spoken_words() -> None:
    assert count_words("15 минут") == 2
    assert count_words("в 2024 году") == 6
    assert count_words("e-mail и что-то") == 3


def test_estimates_add_up_across_sentences() -> None:
    parts = ["Первая часть, короткая.", "Вторая часть?", "«Третья» — последняя."]
    total = sum(estimate_seconds(p, "ru") for p in parts)
    assert estimate_seconds(" ".join(parts), "ru") == pytest.approx(total)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  утренний\n\n бег  ", "утренний бег"),
        ("«Утренний бег»", "Утренний бег"),
        ("Книга «Атомные привычки»", "Книга „Атомные привычки“"),
        ("{\\an8}Заголовок\\N", "Заголовок N"),
        ("<b>bold</b> topic", "bold topic"),
        ("**markdown** #topic", "markdown topic"),
        ("zero\u200bwidth\u202eflip", "zerowidthflip"),
        ("C# vs F#", "C# vs F#"),
        ("Как начать бегать?", "Как начать бегать"),
        ("👍🏽 thumbs", "thumbs"),
    ],
)
def test_normalise_topic(raw: str, clean: str) -> None:
    assert normalise_topic(raw, "ru") == clean


def test_helpers() -> None:
    assert capitalise("iPhone 15") == "iPhone 15"
    assert capitalise("бег") == "Бег"
    assert shorten("one two three four five six seven", 4) == "one two three four…"
    assert shorten("Как выучить Python, если мало времени и сил", 5) == "Как выучить Python"
    assert clip_chars("a" * 10 + " bbbbbbbb cccc", 20) == "aaaaaaaaaa bbbbbbbb…"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_renders(language: str) -> None:
    bank = load_bank(language)
    fields = {"topic": "X", "count_ideas": "4 x", "Count_ideas": "4 x"}
    templates = [*bank.hook, *bank.hook_short, *bank.hook_extra, *bank.cta, *bank.cta_short]
    templates += [*bank.cta_extra, *bank.bridges]
    for point in bank.points.values():
        templates += [*point.more, *(v.compact for v in point.variants)]
        templates += [b for v in point.variants for b in v.body]
    for template in templates:
        rendered = template.format(**fields)
        assert rendered.strip() == rendered
        assert rendered[-1] in ".!?»”", rendered
    names = {name for _, name, _, _ in string.Formatter().parse(" ".join(templates)) if name}
    assert names <= set(fields)
    assert set(bank.labels) == set(bank.points)


def test_both_languages_have_the_same_structure() -> None:
    ru, en = load_bank("ru"), load_bank("en")
    assert set(ru.points) == set(en.points)
    for kind in ru.points:
        assert len(ru.points[kind].variants) == len(en.points[kind].variants)
    assert ru.count_ideas(3) == "три идеи"
    assert ru.count_ideas(5) == "пять идей"
    assert [ru.ideas_word(n) for n in (1, 2, 11, 21, 25)] == [
        "идея",
        "идеи",
        "идей",
        "идея",
        "идей",
    ]
    assert en.count_ideas(4) == "four ideas"


def test_kinds_cover_opening_middle_closing() -> None:
    for count in (3, 4, 5):
        rng = random.Random(count)  # noqa: S311
        groups = [g for g, _ in choose_kinds(count, rng)]
        assert len(groups) == count
        assert groups[0] == "opening"
        assert groups[-1] == "closing"


def test_split_scenes_keeps_order_and_bounds() -> None:
    assert split_scenes([3.0, 2.0]) == [[0, 1]]
    chunks = split_scenes([4.0, 4.0, 4.0, 4.0, 4.0], max_s=9.0)
    assert [i for chunk in chunks for i in chunk] == [0, 1, 2, 3, 4]
    assert len(chunks) == 3
