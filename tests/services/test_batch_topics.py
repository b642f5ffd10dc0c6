"""A batch's topic list: lines or CSV, decoded, checked row by row; bad lists refused whole."""

import codecs
import random

import pytest

from bot.keyboards.new_short import DURATIONS
from core.errors import DomainError
from core.i18n import render
from services.batch_topic_errors import (
    CsvBroken,
    CsvWithoutTopicColumn,
    NoValidTopics,
    TooManyTopics,
    TopicsEmpty,
    TopicsFileTooLarge,
    TopicsFileType,
    TopicsNotText,
)
from services.batch_topic_rows import OFFERED_DURATIONS
from services.batch_topics import (
    MIB,
    ParsedTopics,
    TopicDefaults,
    TopicLimits,
    check_topics_file_size,
    parse_topics,
)

DEFAULTS = TopicDefaults(language="ru", duration=30, style="vivid")


def parse(data: bytes | str, filename: str | None = None) -> ParsedTopics:
    raw = data.encode() if isinstance(data, str) else data
    return parse_topics(raw, filename=filename, defaults=DEFAULTS)


def topics(parsed: ParsedTopics) -> list[str]:
    return [item.topic for item in parsed.topics]


def test_message_lines_are_topics_with_the_defaults() -> None:
    parsed = parse("  Как варить кофе  \n\n1. Зачем спать днём\n- Coffee facts\r\n\t\n")
    assert topics(parsed) == ["Как варить кофе", "Зачем спать днём", "Coffee facts"]
    assert [item.line for item in parsed.topics] == [1, 3, 4]
    first = parsed.topics[0]
    assert (first.duration, first.style, first.language, first.overrides) == (
        30,
        "vivid",
        "ru",
        frozenset(),
    )
    assert parsed.rejected == ()
    assert parsed.duplicates == 0


def test_duplicates_are_dropped_once_and_counted() -> None:
    parsed = parse("Кофе дома\nкофе   ДОМА\nЧай\nКофе дома.\nчай\nМате", filename="list.txt")
    assert topics(parsed) == ["Кофе дома", "Чай", "Мате"]
    assert parsed.duplicates == 3


def test_an_empty_file_or_blank_lines_are_refused() -> None:
    for data in (b"", b"\n \n\t\n", codecs.BOM_UTF8 + b"\r\n"):
        with pytest.raises(TopicsEmpty):
            parse(data, filename="topics.txt")
    with pytest.raises(TopicsEmpty):
        parse("topic;duration\n\n", filename="topics.csv")


def test_a_10_mb_file_is_refused_by_its_size_before_it_is_read() -> None:
    check_topics_file_size(MIB)
    with pytest.raises(TopicsFileTooLarge) as caught:
        check_topics_file_size(10 * MIB)
    assert caught.value.params == {"size_mb": 10.0, "limit_mb": 1.0}
    with pytest.raises(TopicsFileTooLarge) as caught:
        check_topics_file_size(MIB + 1)  # never shown as equal to the limit
    assert caught.value.params["size_mb"] == 1.1
    with pytest.raises(TopicsFileTooLarge):  # the bytes themselves are checked too
        parse(b"topic\n" * (2 * MIB // 6), filename="big.txt")


def test_5000_topics_are_refused_with_the_count() -> None:
    data = "\n".join(f"Тема номер {n}" for n in range(5000))
    with pytest.raises(TooManyTopics) as caught:
        parse(data, filename="many.txt")
    assert caught.value.params == {"count": 5000, "limit": 1000}
    assert "5,000" in render(caught.value.key, "en", **caught.value.params)
    twice = "\n".join(f"Тема номер {n % 1500}" for n in range(3000))
    with pytest.raises(TooManyTopics) as caught:  # repeats past the cap are not counted
        parse(twice)
    assert caught.value.params["count"] == 1500
    exactly = "\n".join(f"Тема номер {n}" for n in range(1000))
    assert len(parse(exactly).topics) == 1000
    small = TopicLimits(max_topics=3)
    with pytest.raises(TooManyTopics):
        parse_topics(b"a1\nb2\nc3\nd4", filename=None, defaults=DEFAULTS, limits=small)


def test_a_csv_without_a_topic_column_names_the_columns_it_has() -> None:
    with pytest.raises(CsvWithoutTopicColumn) as caught:
        parse("Title;Seconds;Notes\nКофе;30;x\n", filename="export.csv")
    assert caught.value.params == {"columns": "Title, Seconds, Notes"}
    text = render(caught.value.key, "ru", **caught.value.params)
    assert "Title, Seconds, Notes" in text
    assert "тема" in text


@pytest.mark.parametrize(
    "data",
    [
        random.Random(7).randbytes(4096),  # noqa: S311 - NUL bytes among them
        b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 40,  # control characters, no NUL
        bytes([0xD0, 0x98, 0x98, 0x98]) * 20,  # neither UTF-8 nor Windows-1251
        b"PK\x03\x04\x14\x00\x06\x00",  # an .xlsx renamed .csv
    ],
)
def test_binary_junk_is_refused(data: bytes) -> None:
    with pytest.raises(TopicsNotText):
        parse(data, filename="topics.csv")


def test_only_txt_and_csv_files_are_taken() -> None:
    with pytest.raises(TopicsFileType) as caught:
        parse("Кофе", filename="topics.XLSX")
    assert caught.value.params == {"extension": ".xlsx"}
    assert topics(parse("Кофе", filename="TOPICS.TXT")) == ["Кофе"]


def test_cp1251_and_utf8_with_a_bom_are_decoded() -> None:
    text = "Тема;Длительность\nКофе по-турецки;15\nЁжик в тумане;60\n"
    for data in (
        text.encode("cp1251"),
        codecs.BOM_UTF8 + text.encode(),
        codecs.BOM_UTF16_LE + text.encode("utf-16-le"),  # Excel's "Unicode text"
    ):
        parsed = parse(data, filename="excel.csv")
        assert topics(parsed) == ["Кофе по-турецки", "Ёжик в тумане"]
        assert [item.duration for item in parsed.topics] == [15, 60]


def test_a_semicolon_csv_keeps_commas_inside_topics() -> None:
    data = 'ТЕМА; стиль\nКофе, чай и мате;minimal\n"Квас; история";\n'
    parsed = parse(data, filename="topics.csv")
    assert topics(parsed) == ["Кофе, чай и мате", "Квас; история"]
    assert [item.style for item in parsed.topics] == ["minimal", "vivid"]


def test_tab_and_comma_csvs_and_a_header_in_a_message() -> None:
    assert topics(parse("topic\tlanguage\nCoffee\ten\n", filename="t.csv")) == ["Coffee"]
    parsed = parse('Topic,Duration\n"Coffee, tea",15\n')  # a pasted CSV, no file name
    assert topics(parsed) == ["Coffee, tea"]
    assert parsed.topics[0].duration == 15


def test_per_row_duration_style_and_language() -> None:
    data = (
        "topic;duration;style;language\n"
        "Кофе;15;Minimal;en\n"
        "Чай;60 сек;Яркий;русский\n"
        "Мате;;;\n"
        "Какао;30s;neon;EN-us\n"
    )
    parsed = parse(data, filename="rows.csv")
    rows = [(t.topic, t.duration, t.style, t.language) for t in parsed.topics]
    assert rows == [
        ("Кофе", 15, "minimal", "en"),
        ("Чай", 60, "vivid", "ru"),
        ("Мате", 30, "vivid", "ru"),
        ("Какао", 30, "neon", "en"),
    ]
    assert parsed.topics[0].overrides == {"duration", "style", "language"}
    assert parsed.topics[2].overrides == frozenset()
    assert [t.line for t in parsed.topics] == [2, 3, 4, 5]


def test_bad_rows_are_reported_with_their_line_and_reason() -> None:
    data = (
        "topic,duration,style,language\n"
        "Coffee,45,,\n"
        "Tea,,gothic,\n"
        "Mate,,,de\n"
        "咖啡的历史,,,\n"
        ",30,,\n"
        f"{'long ' * 70},,,\n"
        "🔥🔥🔥,,,\n"
        "Cocoa,15,,en\n"
    )
    parsed = parse(data, filename="rows.csv")
    assert topics(parsed) == ["Cocoa"]
    reasons = [(row.line, row.key) for row in parsed.rejected]
    assert reasons == [
        (2, "batch-row-duration"),
        (3, "batch-row-style"),
        (4, "batch-row-language"),
        (5, "batch-row-alphabet"),
        (6, "batch-row-no-topic"),
        (7, "batch-row-too-long"),
        (8, "batch-row-empty"),
    ]
    language = parsed.rejected[2]
    assert language.params == {"value": "de", "supported": "en, ru"}
    assert language.text == "Mate"
    assert parsed.rejected[0].params == {"value": "45", "allowed": "15, 30, 60"}
    assert parsed.rejected[5].params == {"length": 349, "limit": 300}
    for row in parsed.rejected:  # every reason reads in both languages
        for lang in ("en", "ru"):
            text = render(row.key, lang, **row.params)
            assert text != row.key
            assert "{" not in text


def test_a_topic_in_an_unsupported_alphabet_is_rejected_in_plain_lines() -> None:
    parsed = parse("Кофе\nتاريخ القهوة\nΙστορία του καφέ\n")
    assert topics(parsed) == ["Кофе"]
    assert [(r.line, r.key) for r in parsed.rejected] == [
        (2, "batch-row-alphabet"),
        (3, "batch-row-alphabet"),
    ]


def test_a_list_with_no_usable_topic_is_refused_with_its_rows() -> None:
    with pytest.raises(NoValidTopics) as caught:
        parse("topic;language\nКофе;de\nЧай;fr\n", filename="rows.csv")
    assert caught.value.params["rejected"] == 2
    assert caught.value.params["line"] == 2
    assert [row.key for row in caught.value.rows] == ["batch-row-language"] * 2


def test_a_broken_csv_says_where() -> None:
    field = "x" * 200_000  # over the csv module's field limit
    with pytest.raises(CsvBroken) as caught:
        parse(f"topic\nКофе\n{field}\n", filename="rows.csv")
    assert caught.value.params["line"] >= 2


def test_the_offered_durations_are_new_shorts_buttons() -> None:
    assert tuple(DURATIONS) == OFFERED_DURATIONS


@pytest.mark.parametrize(
    "error",
    [
        TopicsFileType(extension=".pdf"),
        TopicsFileTooLarge(size_mb=10.0, limit_mb=1.0),
        TopicsNotText(reason="NUL bytes"),
        TopicsEmpty(),
        TooManyTopics(count=5000, limit=1000),
        CsvWithoutTopicColumn(columns="a, b"),
        CsvBroken(line=3, reason="x"),
        NoValidTopics(rejected=2, line=2, reason="batch-row-language"),
    ],
)
def test_every_refusal_reads_in_both_languages(error: DomainError) -> None:
    english = render(error.key, "en", **error.params)
    russian = render(error.key, "ru", **error.params)
    assert english != error.key
    assert russian != error.key
    assert english != russian
