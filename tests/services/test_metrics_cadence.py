"""The cadence of metrics reads (hourly, daily, weekly, then never), the budgets of a pass,
and what one reader answer writes: pure functions, no database."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from core.enums import MetricsState, Platform
from core.metrics_settings import MetricsSettings
from db.models.publication import Publication
from publishers.metrics import POST_GONE, PostMetrics
from services.metrics_budget import PlatformRun, run_budgets
from services.metrics_cadence import DEFAULT_CADENCE, Cadence, metrics_start, next_read_at
from services.metrics_rows import batch_rows, went_down

T0 = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
H, D = timedelta(hours=1), timedelta(days=1)


def test_reads_fall_on_the_hour_grid_for_a_day_then_days_then_weeks_then_never() -> None:
    assert next_read_at(T0, T0) == T0 + H
    assert next_read_at(T0, T0 + H) == T0 + 2 * H  # read on time
    assert next_read_at(T0, T0 + 1.4 * H) == T0 + 2 * H  # a late pass keeps the grid
    assert next_read_at(T0, T0 + 23.5 * H) == T0 + 24 * H
    assert next_read_at(T0, T0 + 24 * H) == T0 + 2 * D
    assert next_read_at(T0, T0 + 29.2 * D) == T0 + 30 * D
    assert next_read_at(T0, T0 + 30 * D) == T0 + 35 * D  # week 5
    assert next_read_at(T0, T0 + 363 * D) == T0 + 364 * D  # week 52
    assert next_read_at(T0, T0 + 364 * D) == T0 + 365 * D  # the last read is at a year
    assert next_read_at(T0, T0 + 365 * D) is None
    assert next_read_at(T0, T0 - H) == T0 + H  # a clock behind the publication


def test_the_tiers_come_from_settings() -> None:
    cadence = Cadence.from_settings(
        MetricsSettings(hourly_for_h=0, daily_for_days=2, weekly_for_days=14)
    )
    assert next_read_at(T0, T0, cadence) == T0 + D
    assert next_read_at(T0, T0 + 2 * D, cadence) == T0 + 7 * D
    assert next_read_at(T0, T0 + 13 * D, cadence) == T0 + 14 * D
    assert next_read_at(T0, T0 + 14 * D, cadence) is None
    with pytest.raises(ValidationError, match="HOURLY_FOR_H"):
        MetricsSettings(hourly_for_h=72, daily_for_days=2)


def test_a_new_publication_is_first_read_an_hour_later_except_on_telegram() -> None:
    assert metrics_start(Platform.YOUTUBE, "vid", T0) == (MetricsState.COLLECTING, T0 + H)
    assert metrics_start(Platform.TELEGRAM, "42", T0) == (MetricsState.UNSUPPORTED, None)
    assert metrics_start(Platform.X, None, T0) == (None, None)  # no post ID to ask about


def test_youtube_gets_its_share_of_the_days_units_per_pass_rounded_down() -> None:
    settings = MetricsSettings(youtube_daily_units=2000, x_requests_per_run=7)
    budgets = run_budgets(settings, interval_s=600)  # 144 passes a day
    assert budgets[Platform.YOUTUBE] == 13
    assert budgets[Platform.YOUTUBE] * 144 <= 2000
    assert budgets[Platform.X] == 7
    assert run_budgets(MetricsSettings(youtube_daily_units=10), 600)[Platform.YOUTUBE] == 1
    run = PlatformRun(Platform.X, budget=2, batch_size=100, limit=200)
    assert [run.take_request() for _ in range(3)] == [True, True, False]
    assert (run.requests, run.stopped) == (2, "budget")


def publication(pid: int, post_id: str) -> Publication:
    return Publication(
        id=pid, user_id=7, project_id=70 + pid, account_id=3, platform=Platform.INSTAGRAM,
        post_id=post_id, published_at=T0, metrics_read_at=None,
    )  # fmt: skip


def test_an_answer_becomes_snapshots_and_next_reads() -> None:
    batch = [publication(i, f"m{i}") for i in range(1, 6)]
    answer = {
        "m1": PostMetrics(views=120, likes=4, comments=0),
        "m2": PostMetrics(),  # the platform has nothing yet
        "m3": POST_GONE,
        "m5": PostMetrics(views=0, likes=0),  # a real zero
    }  # m4 left out of the answer
    now = T0 + 3 * H
    rows = batch_rows(batch, answer, now=now, cadence=DEFAULT_CADENCE)
    assert [
        (s["publication_id"], s["views"], s["likes"], s["shares"]) for s in rows.snapshots
    ] == [
        (1, 120, 4, None),
        (5, 0, 0, None),
    ]
    assert rows.snapshots[0]["project_id"] == 71
    reads = {read["id"]: read for read in rows.reads}
    assert reads[1]["metrics_due_at"] == T0 + 4 * H
    assert reads[2]["metrics_read_at"] == now  # read, nothing to store
    assert (reads[3]["metrics_state"], reads[3]["metrics_due_at"]) == (MetricsState.GONE, None)
    assert reads[4]["metrics_read_at"] is None  # not answered: tried at the next point
    assert reads[4]["metrics_due_at"] == T0 + 4 * H
    assert (rows.answered, rows.gone) == (4, 1)


def test_counts_that_went_down_are_named() -> None:
    previous = {"views": 500, "likes": 20, "comments": None, "shares": 3, "saves": 1}
    now = PostMetrics(views=450, likes=21, comments=2, shares=None, saves=1)
    assert went_down(previous, now) == {"views": (500, 450)}
