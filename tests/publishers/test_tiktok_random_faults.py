"""100 seeded runs of one publication against the TikTok emulator with random faults on
every route (errors, dropped answers after the work was done, 429s, tokens expiring, a
refresh whose answer is lost, a worker killed after a random save): each run settles with
exactly one post, or none when TikTok failed the video."""

import random
from pathlib import Path

import pytest

from core.enums import PublicationState
from publishers.oauth import TokenSet
from tests.emulators.tiktok import Fault, TikTokEmulator
from tests.publishers.fault_runs import SETTLED, seeded, settle
from tests.publishers.ledgers import MemoryLedger
from tests.publishers.tiktok_rig import Rig, make_draft, tiktok_rig

RUNS = 100
ROUTES = ("init", "upload", "status", "token")


def random_fault(rng: random.Random, emulator: TikTokEmulator, route: str) -> Fault:
    at = rng.randint(1, 6)
    kind = rng.choice(("5xx", "5xx-applied", "drop", "drop-applied", "429", "expire", "401"))
    if kind == "expire":
        return Fault(route, at, before=emulator.expire_access_tokens)
    if kind == "429" and route in ("init", "status"):
        return Fault(route, at, status=429, code="rate_limit_exceeded")
    if kind == "401" and route != "upload":
        return Fault(route, at, status=401, code="access_token_invalid")
    if kind.startswith("drop"):
        return Fault(route, at, times=2, drop=True, apply=kind.endswith("applied"))
    return Fault(route, at, status=rng.choice((500, 502, 503)), apply=kind.endswith("applied"))


def plan_faults(rng: random.Random, emulator: TikTokEmulator) -> list[str]:
    names = []
    for route in ROUTES:
        for _ in range(rng.randint(0, 2)):
            names.append(emulator.faults.add(random_fault(rng, emulator, route)).name)
    if rng.random() < 0.1:
        emulator.fail_next_processing("frame_rate_check_failed")
        names.append("processing fails")
    return names


async def run_once(rig: Rig, seed: int) -> tuple[PublicationState, list[str]]:
    rng = seeded(seed)
    faults = plan_faults(rng, rig.emulator)
    crash = rng.choice((None, None, rng.randint(1, 7)))
    ledger = MemoryLedger(crash_after_saves=crash)
    faults.append(f"crash after save {crash}")
    draft = make_draft(f"run {seed}")

    def next_try() -> object:
        rig.emulator.advance(15)  # a job's next try comes later, as arq defers it
        return rig.context(ledger, draft)

    state = await settle(rig.publisher, next_try, ledger)  # type: ignore[arg-type]
    for _ in range(3):  # a refresh whose answer was lost: the user connects again
        if state in SETTLED:
            break
        access, refresh = rig.emulator.grant()
        rig.credentials.tokens = TokenSet(access, refresh, None)
        state = await settle(rig.publisher, next_try, ledger)  # type: ignore[arg-type]
    posts = rig.emulator.posts(draft.caption)
    assert state in SETTLED, f"seed {seed}: {state} {faults}"
    assert len(posts) == (1 if state == PublicationState.PUBLISHED else 0), (seed, faults)
    uploads_with_bytes = [u for u in rig.emulator.state.uploads.values() if u.ranges]
    assert len(uploads_with_bytes) <= 1, f"seed {seed}: re-initialised after bytes: {faults}"
    if state == PublicationState.PUBLISHED:
        assert uploads_with_bytes[0].data == rig.content, f"seed {seed}: {faults}"
    return state, faults


@pytest.mark.parametrize("block", range(4))
async def test_random_faults_publish_exactly_once(tmp_path: Path, block: int) -> None:
    states: dict[PublicationState, int] = {}
    per_block = RUNS // 4
    for seed in range(block * per_block, (block + 1) * per_block):
        async with tiktok_rig(tmp_path, seed=seed) as rig:
            state, _ = await run_once(rig, seed)
        states[state] = states.get(state, 0) + 1
    assert states.get(PublicationState.PUBLISHED, 0) >= per_block // 2, states
