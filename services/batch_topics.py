"""A batch's topics from a message or a .txt/.csv file: one topic per line, or a CSV with a
`topic` column (and optional `duration`, `style`, `language` columns).

Pure: no database, no I/O. The caller checks the file's size first
(`check_topics_file_size`, before downloading it), then passes its bytes. Bad rows are
skipped and reported with their line and reason; duplicates are dropped and counted; a list
that cannot be used at all is refused with a `DomainError` (services.batch_topic_errors).
"""

import csv
import io
import math
from dataclasses import dataclass
from pathlib import PurePath

from services.batch_collector import BatchTopic, RejectedRow, TopicCollector, TopicDefaults
from services.batch_text import decode_topics, first_line
from services.batch_topic_errors import (
    CsvBroken,
    CsvWithoutTopicColumn,
    NoValidTopics,
    TooManyTopics,
    TopicsEmpty,
    TopicsFileTooLarge,
    TopicsFileType,
)
from services.batch_topic_rows import (
    OptionReader,
    RowOptions,
    RowProblem,
    header_roles,
    shown,
    strip_bullet,
)

__all__ = [
    "BatchTopic",
    "ParsedTopics",
    "RejectedRow",
    "TopicDefaults",
    "TopicLimits",
    "check_topics_file_size",
    "parse_topics",
]

EXTENSIONS = (".txt", ".csv")
MIB = 1024 * 1024
DELIMITERS = ("\t", ";", ",")  # sniffed from the header; a tie goes to the first


@dataclass(frozen=True, slots=True)
class TopicLimits:
    max_bytes: int = MIB
    max_topics: int = 1000  # the hard cap of one batch, whatever the plan allows


@dataclass(frozen=True, slots=True)
class ParsedTopics:
    topics: tuple[BatchTopic, ...]
    rejected: tuple[RejectedRow, ...]
    duplicates: int  # rows dropped because an earlier row had the same topic


def check_topics_file_size(size: int, limits: TopicLimits = TopicLimits()) -> None:
    """Refuse a file by its announced size, before any of it is downloaded."""
    if size > limits.max_bytes:
        raise TopicsFileTooLarge(
            size_mb=math.ceil(size * 10 / MIB) / 10, limit_mb=round(limits.max_bytes / MIB, 1)
        )


def check_topics_file_name(filename: str) -> None:
    extension = PurePath(filename).suffix.lower()
    if extension not in EXTENSIONS:
        raise TopicsFileType(extension=extension or filename[-10:])


def _delimiter(header: str) -> str:
    return max(DELIMITERS, key=header.count)


def _read_lines(text: str, collector: TopicCollector) -> None:
    for number, raw in enumerate(text.splitlines(), start=1):
        topic = strip_bullet(raw)
        if topic:
            collector.add(number, topic, RowOptions())


def _read_csv(text: str, collector: TopicCollector) -> None:
    header = first_line(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header))
    options = OptionReader()
    roles: dict[str, int] | None = None
    previous_end = 0
    try:
        for cells in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if roles is None:
                roles = header_roles(cells)
                if "topic" not in roles:
                    found = [shown(cell) for cell in cells if cell.strip()][:10]
                    raise CsvWithoutTopicColumn(columns=", ".join(found))
                continue
            by_role = {role: cells[i] for role, i in roles.items() if i < len(cells)}
            topic = by_role.get("topic", "").strip()
            if not topic:
                collector.reject(start, "", RowProblem("batch-row-no-topic"))
            elif collector.full:
                collector.add(start, topic, RowOptions())
            else:
                try:
                    collector.add(start, topic, options.read(by_role))
                except RowProblem as problem:
                    collector.reject(start, topic, problem)
    except csv.Error as error:
        raise CsvBroken(line=reader.line_num, reason=str(error)) from None


def _is_csv(filename: str | None, text: str) -> bool:
    """A .csv file, or any text whose first line is a header naming a topic column."""
    if filename is not None and PurePath(filename).suffix.lower() == ".csv":
        return True
    header = first_line(text)
    cells = next(csv.reader([header], delimiter=_delimiter(header)), [])
    return "topic" in header_roles(cells)


def parse_topics(
    data: bytes,
    *,
    filename: str | None,
    defaults: TopicDefaults,
    limits: TopicLimits = TopicLimits(),
) -> ParsedTopics:
    """The topics in `data`: a message's text (`filename` None) or a file's bytes.

    CPU-bound (a full megabyte takes up to a second or two): call it from an event loop
    with `asyncio.to_thread`.

    Raises:
        TopicsFileType, TopicsFileTooLarge, TopicsNotText, TopicsEmpty, CsvWithoutTopicColumn,
        CsvBroken, TooManyTopics, NoValidTopics: the list cannot be used as a whole.
    """
    if filename is not None:
        check_topics_file_name(filename)
    check_topics_file_size(len(data), limits)
    text = decode_topics(data)
    collector = TopicCollector(defaults, limits.max_topics)
    if _is_csv(filename, text):
        _read_csv(text, collector)
    else:
        _read_lines(text, collector)
    if not collector.topics:
        if collector.rejected:
            raise NoValidTopics(tuple(collector.rejected))
        raise TopicsEmpty()
    if collector.full:
        raise TooManyTopics(count=collector.count, limit=limits.max_topics)
    return ParsedTopics(tuple(collector.topics), tuple(collector.rejected), collector.duplicates)
