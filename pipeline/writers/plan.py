"""Script plan: which kinds of points to make, and the slots the fitter fills."""

import math
import random

from pipeline.writers.fitting import Option, Slot
from pipeline.writers.phrases import PhraseBank

# Points are framing prompts, not facts: an opening (why / the gist), a middle (a mistake, a
# myth, a question to ask) and a closing (a step, a sign of progress, something for today).
GROUPS: dict[str, tuple[str, ...]] = {
    "opening": ("why", "simple"),
    "middle": ("mistake", "myth", "question"),
    "closing": ("step", "progress", "today"),
}
NO_BRIDGE_KINDS = frozenset({"why", "question"})
MAX_SCENE_S = 9.0
FOUR_POINTS_FROM_S = 25.0
FIVE_POINTS_FROM_S = 45.0


def points_for(duration: float) -> int:
    """How many points a script of `duration` seconds starts with (the fitter may drop some)."""
    if duration < FOUR_POINTS_FROM_S:
        return 3
    if duration < FIVE_POINTS_FROM_S:
        return 4
    return 5


def choose_kinds(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Pick `count` (3-5) point kinds as (group, kind), in reading order."""
    per_group = {"opening": 1, "middle": 1, "closing": 1}
    for group in rng.sample(["middle", "closing"], count - len(per_group)):
        per_group[group] += 1
    chosen: list[tuple[str, str]] = []
    for group, kinds in GROUPS.items():
        chosen += [(group, kind) for kind in rng.sample(kinds, per_group[group])]
    return chosen


def _shuffled(items: list[str], rng: random.Random) -> list[str]:
    return rng.sample(items, len(items))


def build_slots(bank: PhraseBank, count: int, rng: random.Random) -> list[Slot]:
    """Hook, `count` points and the CTA, each with a randomly chosen opening."""
    hooks = [Option(text) for text in [*bank.hook, *bank.hook_short]]
    hook = Slot("hook", "hook", hooks, list(bank.hook_extra), choice=rng.randrange(len(bank.hook)))
    slots = [hook]
    for group, kind in choose_kinds(count, rng):
        point = bank.points[kind]
        options = [Option(v.compact, tuple(v.body)) for v in point.variants]
        slot = Slot(kind, group, options, _shuffled(point.more, rng), kind not in NO_BRIDGE_KINDS)
        slot.choice = rng.randrange(len(options))
        slots.append(slot)
    ctas = [Option(text) for text in [*bank.cta, *bank.cta_short]]
    cta = Slot("cta", "cta", ctas, list(bank.cta_extra), choice=rng.randrange(len(bank.cta)))
    slots.append(cta)
    return slots


def split_scenes(durations: list[float], max_s: float = MAX_SCENE_S) -> list[list[int]]:
    """Group consecutive sentence indexes into scenes of roughly equal, bounded length."""
    total = sum(durations)
    parts = max(1, math.ceil(total / max_s))
    goal = total / parts
    chunks: list[list[int]] = []
    current: list[int] = []
    spoken = 0.0
    for index, seconds in enumerate(durations):
        if current and len(chunks) < parts - 1 and spoken + seconds / 2 > goal * (len(chunks) + 1):
            chunks.append(current)
            current = []
        current.append(index)
        spoken += seconds
    chunks.append(current)
    return chunks
