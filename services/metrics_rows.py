"""What one reader call's answer writes: the snapshot rows and each publication's next read.
Pure: the collection writes them (services.metrics_collection).

- numbers: one snapshot, the next read on the cadence;
- an answer with no number at all ("no data yet": Instagram's empty insights, a count the
  platform hides): no snapshot, so no data never reads as 0; the next read on the cadence;
- POST_GONE: state GONE, never read again;
- left out of the answer: no snapshot, read again at the next point of the cadence.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.enums import MetricsState
from db.models.publication import Publication
from db.queries.metric_collection import COUNTS
from publishers.metrics import POST_GONE, MetricsAnswer, PostMetrics
from services.metrics_cadence import Cadence, next_read_at


@dataclass(slots=True)
class BatchRows:
    snapshots: list[dict[str, Any]] = field(default_factory=list)
    reads: list[dict[str, Any]] = field(default_factory=list)  # publication updates by `id`
    answered: int = 0
    gone: int = 0

    def extend(self, more: "BatchRows") -> None:
        self.snapshots += more.snapshots
        self.reads += more.reads
        self.answered += more.answered
        self.gone += more.gone


def has_numbers(metrics: PostMetrics) -> bool:
    numbers = [getattr(metrics, name) for name in COUNTS] + [metrics.watch_time_s]
    return any(number is not None for number in numbers) or bool(metrics.extra)


def went_down(
    previous: Mapping[str, int | None], metrics: PostMetrics
) -> dict[str, tuple[int, int]]:
    """The counts lower than in the previous snapshot: name -> (was, now)."""
    lower: dict[str, tuple[int, int]] = {}
    for name in COUNTS:
        was, now = previous.get(name), getattr(metrics, name)
        if was is not None and now is not None and now < was:
            lower[name] = (was, now)
    return lower


def snapshot_row(publication: Publication, metrics: PostMetrics, now: datetime) -> dict[str, Any]:
    return {
        "publication_id": publication.id,
        "user_id": publication.user_id,
        "project_id": publication.project_id,
        "platform": publication.platform,
        "taken_at": now,
        **{name: getattr(metrics, name) for name in COUNTS},
        "watch_time_s": metrics.watch_time_s,
        "extra": dict(metrics.extra),
    }


def batch_rows(
    batch: Sequence[Publication], answer: MetricsAnswer, *, now: datetime, cadence: Cadence
) -> BatchRows:
    rows = BatchRows()
    for publication in batch:
        got = answer.get(publication.post_id or "")
        published_at = publication.published_at or now
        read: dict[str, Any] = {
            "id": publication.id,
            "metrics_state": MetricsState.COLLECTING,
            "metrics_read_at": publication.metrics_read_at,
            "metrics_due_at": next_read_at(published_at, now, cadence),
        }
        if got is POST_GONE:
            read |= {"metrics_state": MetricsState.GONE, "metrics_due_at": None}
            rows.gone += 1
        if got is not None:
            read["metrics_read_at"] = now
            rows.answered += 1
        if isinstance(got, PostMetrics) and has_numbers(got):
            rows.snapshots.append(snapshot_row(publication, got, now))
        rows.reads.append(read)
    return rows
