"""The rows of a topic list as they are read: accepted topics, skipped rows with their
reason, duplicates counted. Past the batch's cap the rest is only counted (cheaply), so a
megabyte of topics is refused with its count without checking every one."""

from dataclasses import dataclass

from services.batch_topic_rows import ROLES, Params, RowOptions, RowProblem, check_topic, shown


@dataclass(frozen=True, slots=True)
class TopicDefaults:
    """The batch's shared choices, used where a row gives none."""

    language: str
    duration: int
    style: str


@dataclass(frozen=True, slots=True)
class BatchTopic:
    """One Short to make. `overrides` names the fields the row set itself ("duration",
    "style", "language"); the others are the defaults, and follow the shared choices."""

    line: int
    topic: str
    duration: int
    style: str
    language: str
    overrides: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class RejectedRow:
    line: int
    key: str  # the reason's Fluent message (core/locales/*/batch_input.ftl)
    params: Params
    text: str  # the row's topic, clipped, to quote back


class TopicCollector:
    def __init__(self, defaults: TopicDefaults, max_topics: int) -> None:
        self.defaults, self.max_topics = defaults, max_topics
        self.topics: list[BatchTopic] = []
        self.rejected: list[RejectedRow] = []
        self.seen: set[str] = set()
        self.duplicates = 0
        self._beyond: set[str] = set()  # topics past the cap, by their plain key
        # Each row text's check, by its plain key: a list of repeats is checked once per topic.
        self._checked: dict[tuple[str, str], str | RowProblem] = {}

    @property
    def full(self) -> bool:
        """Over the cap: the list is refused, the rest of it is only counted."""
        return len(self.topics) > self.max_topics

    @property
    def count(self) -> int:
        return len(self.topics) + len(self._beyond - self.seen)

    def reject(self, line: int, topic: str, problem: RowProblem) -> None:
        self.rejected.append(RejectedRow(line, problem.key, problem.params, shown(topic)))

    def add(self, line: int, topic: str, options: RowOptions) -> None:
        plain = " ".join(topic.split()).casefold()
        if self.full:
            self._beyond.add(plain)
            return
        language = options.language or self.defaults.language
        key = self._check(plain, topic, language)
        if isinstance(key, RowProblem):
            self.reject(line, topic, key)
            return
        if key in self.seen:
            self.duplicates += 1
            return
        self.seen.add(key)
        given = {role for role in ROLES[1:] if getattr(options, role) is not None}
        self.topics.append(
            BatchTopic(
                line=line,
                topic=topic,
                duration=options.duration or self.defaults.duration,
                style=options.style or self.defaults.style,
                language=language,
                overrides=frozenset(given),
            )
        )

    def _check(self, plain: str, topic: str, language: str) -> str | RowProblem:
        checked = self._checked.get((plain, language))
        if checked is None:
            try:
                checked = check_topic(topic, language)
            except RowProblem as problem:
                checked = problem
            self._checked[plain, language] = checked
        return checked
