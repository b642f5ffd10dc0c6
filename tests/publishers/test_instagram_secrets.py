"""No token or app secret in what the Instagram adapter logs or raises, even in a run where
a token is refused and refreshed, throttled, and the commit's answer is lost."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from publishers.errors import OutcomeStillUnknown
from publishers.runner import run_publication
from tests.emulators.instagram import CLIENT_SECRET
from tests.publishers.instagram_kit import instagram
from tests.publishers.ledgers import MemoryLedger


async def test_logs_and_errors_hold_no_secret(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with instagram(tmp_path) as kit:
        first = kit.credentials.tokens.access_token
        faults = kit.emulator.faults
        faults.token_expired("rupload", call=2)
        faults.throttled("object", call=1)
        faults.server_error("rupload", call=4)
        faults.lost("media_publish")
        faults.dropped("refresh")  # the refresh itself is retried once
        ledger = MemoryLedger()
        with capture_logs() as events:
            with pytest.raises(OutcomeStillUnknown) as raised:
                await run_publication(kit.publisher, kit.context(ledger))
            await run_publication(kit.publisher, kit.context(ledger))
        second = kit.credentials.tokens.access_token
        assert second != first
        assert len(kit.emulator.public_posts()) == 1
        ours = [r.getMessage() for r in caplog.records if r.name != "aiohttp.access"]
        said = " ".join(  # aiohttp.access is the emulator's server log, the platform's side
            [repr(events), *ours, str(raised.value), repr(raised.value.params),
             repr(raised.value.__cause__), repr(ledger.values), repr(kit.credentials.tokens)]
        )  # fmt: skip
        assert events  # the run did log
        for secret in (first, second, CLIENT_SECRET):
            assert secret not in said
