"""Fit a script plan to a target speaking time by choosing, adding and dropping sentences.

A plan is a list of slots (hook, 3-5 points, CTA). Each slot has a few interchangeable openings
and a queue of optional follow-up sentences. The fitter first shrinks the plan until its
estimate is not above the window, then grows it sentence by sentence toward the target.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

MIN_POINTS = 3
GROW_UNTIL_S = 0.5  # stop growing once the estimate is this close below the target
OVERSHOOT_S = 1.0  # never add a sentence that ends more than this above the target
MIN_SAVING_S = 0.05
SLOT_WEIGHT = {"hook": 0.55, "cta": 0.45}  # share of the time relative to one point


@dataclass(slots=True)
class Option:
    """An opening sentence and the sentences written to follow it."""

    main: str
    follow: tuple[str, ...] = ()


@dataclass(slots=True)
class Slot:
    """One part of the script: its openings, optional extras and what has been chosen."""

    kind: str
    group: str
    options: list[Option]
    common: list[str]
    bridges_allowed: bool = False
    choice: int = 0
    used: list[str] = field(default_factory=list)
    bridge: str | None = None

    @property
    def sequence(self) -> list[str]:
        """Every optional sentence in reading order."""
        return [*self.options[self.choice].follow, *self.common]

    def sentences(self) -> list[str]:
        """The chosen sentences in reading order."""
        chosen = [s for s in self.sequence if s in self.used]
        head = [self.options[self.choice].main]
        return head + ([self.bridge] if self.bridge else []) + chosen


Measure = Callable[[Slot], float]
"""Speaking time of one slot's rendered sentences."""


def _weight(slot: Slot) -> float:
    return SLOT_WEIGHT.get(slot.group, 1.0)


def shrink(slots: list[Slot], measure: Measure, target: float, tolerance: float) -> list[Slot]:
    """Drop extra points (down to three), then swap openings for shorter ones until it fits.

    Each swap is the smallest one that fits the window; when none does, the biggest saving.
    """
    while (excess := sum(map(measure, slots)) - target - tolerance) > 0:
        points = [s for s in slots if s.group in {"opening", "middle", "closing"}]
        if len(points) > MIN_POINTS:
            groups = [s.group for s in points]
            droppable = [s for s in points if groups.count(s.group) > 1] or points[1:-1]
            slots = [s for s in slots if s is not droppable[-1]]
            continue
        swaps: list[tuple[float, Slot, int]] = []
        for slot in slots:
            current = measure(slot)
            for index, option in enumerate(slot.options):
                saving = current - measure(Slot(slot.kind, slot.group, [option], []))
                if saving > MIN_SAVING_S:
                    swaps.append((saving, slot, index))
        if not swaps:
            break
        enough = [swap for swap in swaps if swap[0] >= excess]
        _, slot, index = min(enough, key=_saving) if enough else max(swaps, key=_saving)
        slot.choice, slot.used, slot.bridge = index, [], None
    return slots


def _saving(swap: tuple[float, Slot, int]) -> float:
    return swap[0]


def grow(slots: list[Slot], measure: Measure, target: float, bridges: list[str]) -> None:
    """Add follow-up sentences, the least-filled slot first, until the target is reached."""
    free_bridges = list(bridges)
    while True:
        durations = [measure(slot) for slot in slots]
        total = sum(durations)
        gap = target - total
        if gap <= GROW_UNTIL_S:
            return
        order = sorted(range(len(slots)), key=lambda i: durations[i] / _weight(slots[i]))
        added = _add_one(slots, order, measure, total, target) or _add_bridge(
            slots, order, measure, total=total, target=target, free=free_bridges
        )
        if not added:
            return


def _add_one(
    slots: list[Slot], order: list[int], measure: Measure, total: float, target: float
) -> bool:
    for index in order:
        slot = slots[index]
        before = measure(slot)
        for sentence in slot.sequence:
            if sentence in slot.used:
                continue
            slot.used.append(sentence)
            if total + measure(slot) - before <= target + OVERSHOOT_S:
                return True
            slot.used.pop()
    return False


def _add_bridge(
    slots: list[Slot],
    order: list[int],
    measure: Measure,
    *,
    total: float,
    target: float,
    free: list[str],
) -> bool:
    for index in order:
        slot = slots[index]
        if not slot.bridges_allowed or slot.bridge is not None:
            continue
        before = measure(slot)
        for bridge in sorted(free, key=len, reverse=True):
            slot.bridge = bridge
            if total + measure(slot) - before <= target + OVERSHOOT_S:
                free.remove(bridge)
                return True
            slot.bridge = None
    return False
