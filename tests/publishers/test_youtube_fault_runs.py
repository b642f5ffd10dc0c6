"""100 seeded runs of a YouTube publication through random faults on every route, retried
as the job would until it settles: the channel must end with exactly one post (none if the
publication failed). A failing run names its seed and its faults."""

import random
from pathlib import Path

import pytest

from core.enums import PublicationState
from publishers.base import PostDraft
from tests.emulators.youtube import YouTubeFaults
from tests.publishers.fault_runs import seeded, settle
from tests.publishers.ledgers import MemoryLedger
from tests.publishers.youtube_env import youtube_env

RUNS = 100
UPLOAD_FAULTS = ("5xx", "partial", "drop", "drop_twice", "lost_502", "expire", "429", "404")


def inject(faults: YouTubeFaults, rng: random.Random) -> list[str]:
    """A few faults at random routes and call indexes; returns what was planned."""
    planned = []
    for _ in range(rng.randint(1, 6)):
        route = rng.choice(("upload_put", "upload_put", "upload_put", "upload_start",
                            "token", "videos", "playlist_items", "channels"))  # fmt: skip
        at = rng.randint(0, 8) if route == "upload_put" else rng.randint(0, 2)
        kind = rng.choice(UPLOAD_FAULTS) if route == "upload_put" else rng.choice(
            ("5xx", "drop", "429", "expire"))  # fmt: skip
        if route == "token" and kind == "expire":
            kind = "5xx"
        planned.append(f"{route}@{at}:{kind}")
        if kind == "5xx":
            faults.server_error(route, rng.choice((500, 503)), at=at, times=rng.randint(1, 3))
        elif kind == "partial":
            faults.partial_then_error(rng.randint(1, 200_000), at=at)
        elif kind in ("drop", "drop_twice"):
            faults.drop_after_work(route, at=at, times=2 if kind == "drop_twice" else 1)
        elif kind == "lost_502":
            faults.answer_lost_after_work(route, 502, at=at)
        elif kind == "expire":
            faults.expire_token(route, at=at)
        elif kind == "429":
            faults.rate_limited(route, retry_after=rng.randint(1, 30), at=at)
        else:
            faults.google(route, 404, "notFound", at=at, times=rng.randint(1, 3))
    return planned


@pytest.mark.parametrize("seed", range(RUNS))
async def test_random_faults_publish_exactly_once(tmp_path: Path, seed: int) -> None:
    rng = seeded(seed)
    crash_after = rng.choice((None, None, *range(1, 8)))
    title = f"Run {seed}"
    async with youtube_env(
        tmp_path, draft=PostDraft(title, f"Seed {seed} #Shorts"),
        processing_polls=rng.randint(0, 3), daily_quota_units=10**9,
    ) as env:  # fmt: skip
        planned = inject(env.emulator.faults, rng)
        ledger = MemoryLedger(crash_after_saves=crash_after)
        state = await settle(env.publisher, lambda: env.context(ledger), ledger)
        posts = env.emulator.posts_titled(title)
        resent = sum(session.resent_bytes for session in env.emulator.sessions)
    expected = 1 if state == PublicationState.PUBLISHED else 0
    context = f"seed={seed} crash_after={crash_after} faults={planned} history={ledger.history}"
    assert state in (PublicationState.PUBLISHED, PublicationState.FAILED), context
    assert posts == expected, context
    # Only a chunk whose answer was dropped is sent again (aiohttp's one resend).
    chunk_drops = sum(1 for p in planned if p.startswith("upload_put") and "drop" in p)
    assert resent == 0 or chunk_drops, context
