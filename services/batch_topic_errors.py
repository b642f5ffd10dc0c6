"""Why a batch's topic list is refused as a whole (keys in core/locales/*/batch_input.ftl).

A single bad row is not one of these: it is skipped and reported (`RejectedRow`).
"""

from typing import TYPE_CHECKING, Any

from core.errors import InvalidInput

if TYPE_CHECKING:
    from services.batch_topics import RejectedRow


class TopicsFileType(InvalidInput):
    key = "batch-file-type"
    template = "A {extension} file cannot hold topics; send a .txt or .csv file."


class TopicsFileTooLarge(InvalidInput):
    key = "batch-file-too-large"
    template = "The file is {size_mb} MB; a topic list may be at most {limit_mb} MB."


class TopicsNotText(InvalidInput):
    key = "batch-file-not-text"
    template = "The file is not text ({reason}); send topics as a .txt or .csv file."


class TopicsEmpty(InvalidInput):
    key = "batch-file-empty"
    template = "There are no topics in it; send one topic per line."


class TooManyTopics(InvalidInput):
    key = "batch-too-many-topics"
    template = "There are {count} topics; a batch takes at most {limit}."


class CsvWithoutTopicColumn(InvalidInput):
    key = "batch-csv-no-topic-column"
    template = "The CSV has no 'topic' column; its columns are: {columns}."


class CsvBroken(InvalidInput):
    key = "batch-csv-broken"
    template = "The CSV cannot be read at line {line}: {reason}."


class NoValidTopics(InvalidInput):
    """Every row was skipped; `rows` says why (the first is in the message)."""

    key = "batch-no-valid-topics"
    template = "None of the {rejected} topics can be used (line {line}: {reason})."

    def __init__(self, rows: tuple["RejectedRow", ...] = (), **params: Any) -> None:
        if rows:
            first = rows[0]
            params = {"rejected": len(rows), "line": first.line, "reason": first.key, **params}
        super().__init__(**params)
        self.rows = rows
