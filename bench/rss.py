"""Peak resident memory of this process and all its children, sampled every 50 ms."""

import threading
from types import TracebackType

import psutil

INTERVAL_S = 0.05


class PeakRss:
    """Context manager: `peak_mb` is the largest summed RSS of the process tree seen."""

    def __init__(self) -> None:
        self.peak_bytes = 0
        self.self_peak_bytes = 0  # this Python process alone
        self.children_peak_bytes = 0  # the children alone: ffmpeg, the drawing workers
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._root = psutil.Process()

    def _children_rss(self) -> int:
        total = 0
        for proc in self._root.children(recursive=True):
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                continue
        return total

    def _tree_rss(self) -> int:
        own = self._root.memory_info().rss
        children = self._children_rss()
        self.self_peak_bytes = max(self.self_peak_bytes, own)
        self.children_peak_bytes = max(self.children_peak_bytes, children)
        return own + children

    def _sample(self) -> None:
        while not self._stop.wait(INTERVAL_S):
            self.peak_bytes = max(self.peak_bytes, self._tree_rss())

    @property
    def peak_mb(self) -> float:
        return round(self.peak_bytes / 2**20, 1)

    @property
    def python_peak_mb(self) -> float:
        return round(self.self_peak_bytes / 2**20, 1)

    @property
    def children_peak_mb(self) -> float:
        return round(self.children_peak_bytes / 2**20, 1)

    def __enter__(self) -> "PeakRss":
        self.peak_bytes = self._tree_rss()
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
