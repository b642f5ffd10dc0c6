"""100 seeded runs, each with random faults on every Instagram route, a random worker
kill, and either upload variant: each settles with exactly one public Reel (or none when it
failed for good). A failure names its seed and its fault plan."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from core.enums import PublicationState
from tests.emulators.instagram import USER_ID, InstagramEmulator
from tests.publishers.fault_runs import SETTLED, seeded, settle
from tests.publishers.instagram_kit import CAPTION, instagram
from tests.publishers.ledgers import MemoryLedger

ROUTES = ("publishing_limit", "media_create", "rupload", "object", "media_publish", "media_list")
KINDS = ("server_error", "dropped", "lost", "throttled", "token_expired")
PLATFORM_ERROR = "Error: 2207082 The media could not be uploaded, please retry"


def inject(rng: random.Random, emulator: InstagramEmulator) -> list[str]:
    """Up to two faults per route at random call indexes; one token refusal at most (a
    refreshed token is a day too young to be refreshed again)."""
    plan: list[str] = []
    token_refused = False
    for route in ROUTES:
        for _ in range(rng.randint(0, 2)):
            kind, call = rng.choice(KINDS), rng.randint(1, 5)
            if kind == "token_expired" and token_refused:
                kind = "server_error"
            token_refused |= kind == "token_expired"
            faults = emulator.faults
            if kind == "throttled":
                faults.throttled(route, code=rng.choice((4, 17, 32, 613)), user_id=USER_ID,
                                 regain_minutes=rng.choice((0, 1)), call=call)  # fmt: skip
            else:
                getattr(faults, kind)(route, call=call)
            plan.append(f"{route}#{call}:{kind}")
    if rng.random() < 0.05:
        emulator.fail_next_processing()  # the file itself: FAILED, no post
        plan.append("processing:unsupported")
    elif rng.random() < 0.1:
        emulator.fail_next_processing(PLATFORM_ERROR)  # the platform's: a new container
        plan.append("processing:2207082")
    return plan


@pytest.mark.parametrize("seed", range(100))
async def test_one_reel_whatever_fails(tmp_path: Path, seed: int) -> None:
    rng = seeded(seed)
    pull, polls = rng.random() < 0.3, rng.randint(0, 3)
    async with instagram(tmp_path, pull=pull, processing_polls=polls, seed=seed) as kit:
        plan = inject(rng, kit.emulator)
        if pull and rng.random() < 0.3:
            kit.files.fail_next = 1
            plan.append("video_url:503")
        crash = rng.randint(1, 8) if rng.random() < 0.4 else None
        ledger = MemoryLedger(crash_after_saves=crash)
        state = await settle(kit.publisher, lambda: kit.context(ledger), ledger)
        posts = kit.emulator.public_posts(CAPTION)
        where = f"seed {seed}, pull={pull}, crash={crash}, faults {plan}: {ledger.history}"
        assert state in SETTLED, where
        assert len(posts) == (1 if state == PublicationState.PUBLISHED else 0), where
        if posts:
            assert ledger.values["post_id"] == posts[0].id, where
        if "processing:unsupported" not in plan:
            assert state == PublicationState.PUBLISHED, where
