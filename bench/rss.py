"""Peak resident memory of this process and all its children, sampled every 50 ms.

The sampler must not slow what it measures. RSS (`/proc/<pid>/statm`) is cheap and read at
every sample; the list of descendants (psutil reads every process's stat to find them) is
refreshed every 200 ms, and PSS (`smaps_rollup`: a walk of every page table) every second.
Reading PSS at every sample cost 1.4 CPU s during a 30 s Short's 11 s render on 2 cores (the
render ~0.6 s slower).

Two sums: RSS (each process's resident pages, so pages a forked worker shares with this
process count twice) and PSS (each shared page divided among the processes sharing it: the
memory the tree really occupies). They differ while forked drawing workers run.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

import psutil

INTERVAL_S = 0.05
TREE_EVERY = 4  # samples between refreshes of the descendants' list
PSS_EVERY = 20  # samples between PSS readings
MB = 2**20


@dataclass(slots=True)
class Peaks:
    """Largest RSS seen, in bytes: the tree, this Python process alone, the children alone."""

    tree: int = 0
    python: int = 0
    children: int = 0
    tree_pss: int = 0

    def update(self, own: int, children: int, tree_pss: int) -> None:
        self.tree = max(self.tree, own + children)
        self.python = max(self.python, own)
        self.children = max(self.children, children)
        self.tree_pss = max(self.tree_pss, tree_pss)

    def as_mb(self) -> dict[str, float]:
        return {
            "peak_rss_mb": round(self.tree / MB, 1),
            "python_peak_rss_mb": round(self.python / MB, 1),
            "children_peak_rss_mb": round(self.children / MB, 1),
            "peak_pss_mb": round(self.tree_pss / MB, 1),
        }


class PeakRss:
    """Context manager: `peak_mb` is the largest summed RSS of the process tree seen.

    Set `phase` (e.g. the running stage) to also keep peaks per phase in `phases`, so a
    figure can be pinned on the stage that caused it.
    """

    def __init__(self, *, ignore: frozenset[str] = frozenset()) -> None:
        """`ignore`: names of descendants (and their own children) left out of the figures,
        e.g. a local stand-in for a remote service."""
        self.ignore = ignore
        self.total = Peaks()
        self.phases: dict[str, Peaks] = {}
        self.phase: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._root = psutil.Process()
        self._kids: list[psutil.Process] = []
        self._samples = 0
        self._pss = 0

    def _children_sum(self, read: Callable[[psutil.Process], int]) -> int:
        """`read` summed over the known descendants still alive."""
        total = 0
        for proc in self._kids:
            try:
                total += read(proc)
            except psutil.Error:
                continue
        return total

    def _descendants(self) -> list[psutil.Process]:
        found = self._root.children(recursive=True)
        if not self.ignore:
            return found
        ignored: set[int] = set()
        for proc in found:
            try:
                if proc.name() in self.ignore:
                    ignored.update(p.pid for p in [proc, *proc.children(recursive=True)])
            except psutil.Error:
                continue
        return [proc for proc in found if proc.pid not in ignored]

    def _record(self) -> None:
        phase = self.phase
        if self._samples % TREE_EVERY == 0:
            self._kids = self._descendants()
        own = self._root.memory_info().rss
        children = self._children_sum(lambda proc: proc.memory_info().rss)
        if self._samples % PSS_EVERY == 0:
            own_pss = self._root.memory_full_info().pss
            self._pss = own_pss + self._children_sum(lambda proc: proc.memory_full_info().pss)
        self._samples += 1
        self.total.update(own, children, self._pss)
        if phase is not None:
            self.phases.setdefault(phase, Peaks()).update(own, children, self._pss)

    def _sample(self) -> None:
        while not self._stop.wait(INTERVAL_S):
            self._record()

    @property
    def peak_mb(self) -> float:
        return round(self.total.tree / MB, 1)

    @property
    def python_peak_mb(self) -> float:
        return round(self.total.python / MB, 1)

    @property
    def children_peak_mb(self) -> float:
        return round(self.total.children / MB, 1)

    def __enter__(self) -> "PeakRss":
        self._record()
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
