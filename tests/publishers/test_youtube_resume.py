"""A YouTube upload killed mid-way (the worker dies right after a ledger save) resumes from
the last byte Google confirmed: the same session, no stored byte sent again, one video."""

from pathlib import Path

import pytest

from core.enums import PublicationState
from tests.publishers.fault_runs import settle
from tests.publishers.ledgers import MemoryLedger
from tests.publishers.youtube_env import youtube_env

# Saves in one clean run: session, 3 offsets, PUBLISH_ATTEMPTED, video ID, PUBLISHED.
SAVES_IN_A_RUN = 7


@pytest.mark.parametrize("crash_after", range(1, SAVES_IN_A_RUN))
async def test_killed_upload_resumes_from_its_last_confirmed_byte(
    tmp_path: Path, crash_after: int
) -> None:
    async with youtube_env(tmp_path) as env:
        ledger = MemoryLedger(crash_after_saves=crash_after)
        state = await settle(env.publisher, lambda: env.context(ledger), ledger)
        emulator = env.emulator
        (session,) = emulator.sessions
        chunks = [c.notes["range"] for c in emulator.chunk_requests()]
        posts = emulator.posts_titled(env.draft.title)
        opened = emulator.requests.count("upload_start")
    assert state == PublicationState.PUBLISHED
    assert opened == 1  # never a second session
    assert session.resent_bytes == 0
    assert len(chunks) == len(set(chunks)) == 4  # each range once
    assert bytes(session.data) == env.video.path.read_bytes()
    assert posts == 1


async def test_crash_right_after_the_session_is_saved_resumes_without_a_new_one(
    tmp_path: Path,
) -> None:
    async with youtube_env(tmp_path) as env:
        ledger = MemoryLedger(crash_after_saves=1)
        await settle(env.publisher, lambda: env.context(ledger), ledger)
        probes = [r for r in env.emulator.requests.to("upload_put") if r.notes.get("probe")]
        first_chunk = env.emulator.chunk_requests()[0].notes["range"]
    assert len(probes) == 1  # the resumed try asked Google first
    assert first_chunk[0] == 0
    assert ledger.state == PublicationState.PUBLISHED
