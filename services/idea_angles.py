"""Next topics without a model: the best topics (and their key words, two at a time)
recombined with angles that work for Shorts, in the person's language. Deterministic: the
same best topics give the same ideas. Said to be offline (`TopicIdea.source`)."""

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from services.analytics_advice import topic_words

MAX_PHRASE_WORDS = 8
ANGLES_FILE = "idea_angles.json"  # per language; {phrase} and {other} are two winners


@cache
def angles_of(language: str) -> tuple[str, ...]:
    raw = resources.files(__package__).joinpath(ANGLES_FILE).read_text("utf-8")
    found: dict[str, list[str]] = json.loads(raw)
    return tuple(found.get(language, found["en"]))


@dataclass(frozen=True, slots=True)
class Seed:
    """A phrase to grow ideas from, and the Shorts it came from."""

    phrase: str
    project_ids: tuple[int, ...]


def _short_phrase(topic: str) -> str:
    words = topic.strip().rstrip(".!?…").split()
    return " ".join(words[:MAX_PHRASE_WORDS])


def seeds(best: Sequence[tuple[int, str]]) -> list[Seed]:
    """The best topics first, then the key words they share most (with the Shorts using them)."""
    found = [Seed(_short_phrase(topic), (pid,)) for pid, topic in best if _short_phrase(topic)]
    counted = Counter(w for _, topic in best for w in sorted(topic_words(topic)))
    for word, _ in counted.most_common():
        users = tuple(pid for pid, topic in best if word in topic_words(topic))
        found.append(Seed(word, users))
    return found


def offline_ideas(
    best: Sequence[tuple[int, str]], language: str, count: int, avoid: Sequence[str] = ()
) -> list[tuple[str, tuple[int, ...]]]:
    """Up to `count` (topic, project IDs it grew from), none repeating a made topic."""
    angles = angles_of(language)
    grown = seeds(best)
    if not grown:
        return []
    seen = {t.casefold() for t in avoid}
    ideas: list[tuple[str, tuple[int, ...]]] = []
    for step in range(len(angles) * len(grown)):
        angle = angles[step % len(angles)]
        seed = grown[(step + step // len(angles)) % len(grown)]
        other = grown[(step + 1 + step // len(angles)) % len(grown)]
        if "{other}" in angle and other.phrase == seed.phrase:
            continue
        topic = angle.format(phrase=seed.phrase, other=other.phrase)
        topic = topic[0].upper() + topic[1:]
        if topic.casefold() in seen:
            continue
        seen.add(topic.casefold())
        uses = seed.project_ids + (other.project_ids if "{other}" in angle else ())
        ideas.append((topic, tuple(dict.fromkeys(uses))))
        if len(ideas) == count:
            break
    return ideas
