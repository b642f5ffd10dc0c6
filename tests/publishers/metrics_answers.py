"""Reading a MetricsReader's answer in the readers' tests."""

from publishers.metrics import MetricsAnswer, PostMetrics


def metrics_of(answer: MetricsAnswer, post_id: str) -> PostMetrics:
    """The post's numbers; fails the test when the reader said it is gone or left it out."""
    found = answer[post_id]
    assert isinstance(found, PostMetrics), f"{post_id}: {found!r}"
    return found


def views_of(answer: MetricsAnswer, post_id: str) -> int:
    views = metrics_of(answer, post_id).views
    assert views is not None, f"{post_id}: no views"
    return views
