"""No token, client secret or upload session ID in what the YouTube adapter logs or raises,
even in a run where the token expires mid-upload, a refresh fails once, a chunk is cut by
a 5xx and the answer to the last byte is lost."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from publishers.errors import OutcomeStillUnknown
from publishers.runner import run_publication
from tests.emulators.youtube import CLIENT_SECRET
from tests.publishers.ledgers import MemoryLedger
from tests.publishers.youtube_env import youtube_env

# upload_put calls: chunk 0, chunk 1 (401), chunk 1 again, chunk 2 (5000 bytes stored, 503),
# the probe, then the rest of the file in one last PUT (dropped, and aiohttp's resend too).
LAST_PUT = 5


async def test_logs_and_errors_hold_no_secret(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with youtube_env(tmp_path) as env:
        first = env.credentials.tokens.access_token
        refresh_token = env.credentials.tokens.refresh_token
        faults = env.emulator.faults
        faults.expire_token("upload_put", at=1)
        faults.server_error("token")  # the refresh is retried
        faults.partial_then_error(stored_bytes=5000, at=3)
        faults.drop_after_work("upload_put", at=LAST_PUT, times=2)
        ledger = MemoryLedger()
        with capture_logs() as events:
            with pytest.raises(OutcomeStillUnknown) as raised:
                await run_publication(env.publisher, env.context(ledger))
            await run_publication(env.publisher, env.context(ledger))
        second = env.credentials.tokens.access_token
        (session,) = env.emulator.sessions
        posts = env.emulator.posts_titled(env.draft.title)
        fired = [name for _, name in faults.fired]
    ours = [r.getMessage() for r in caplog.records if r.name != "aiohttp.access"]
    said = " ".join(  # aiohttp.access is the emulator's server log, the platform's side
        [repr(events), *ours, str(raised.value), repr(raised.value.params),
         repr(raised.value.__cause__), repr(env.credentials.tokens)]
    )  # fmt: skip
    assert fired == ["token expired", "503 backendError", "partial 5000 then 503", "dropped",
                     "dropped"]  # fmt: skip
    assert second != first
    assert posts == 1
    assert events  # the run did log
    for secret in (first, second, refresh_token, CLIENT_SECRET, session.id):
        assert secret
        assert secret not in said
