"""The account's tokens failing mid-publication: an expired access token is refreshed once
and the upload goes on; a refresh token X no longer takes (rotated elsewhere, revoked, or
rotated with its answer lost) stops the publication, resumable after a reconnect."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import structlog

from core.enums import PublicationState
from publishers.errors import ReconnectRequired
from publishers.runner import run_publication
from tests.publishers.fault_runs import settle
from tests.publishers.ledgers import MemoryLedger
from tests.publishers.x_rig import XRig, x_rig

S = PublicationState


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[XRig]:
    async with x_rig(tmp_path) as made:
        yield made


async def test_token_expiring_mid_upload_is_refreshed_once(rig: XRig) -> None:
    rig.emulator.expired_token_fault("append", call=3)
    old_refresh = rig.credentials.tokens.refresh_token

    await run_publication(rig.publisher, rig.context(MemoryLedger()))

    emulator = rig.emulator
    assert rig.credentials.refreshes == 1
    assert rig.credentials.tokens.refresh_token != old_refresh  # rotated, the new one kept
    assert emulator.requests.count("initialize") == 1
    assert emulator.requests.statuses("append") == [200, 200, 401, 200, 200, 200]
    [tweet] = emulator.posts
    assert emulator.media(tweet.media_ids[0]).content() == rig.file_bytes()


async def test_a_refresh_token_rotated_elsewhere_needs_a_reconnect(rig: XRig) -> None:
    rig.emulator.rotate_behind_back()  # another refresher won; ours is dead now
    rig.emulator.expired_token_fault("finalize")
    ledger = MemoryLedger()

    with pytest.raises(ReconnectRequired):
        await run_publication(rig.publisher, rig.context(ledger))

    assert rig.emulator.requests.last("token").status == 400
    assert rig.emulator.posts == []
    assert ledger.state == S.UPLOADING  # resumable once the account is connected again


async def test_a_revoked_app_needs_a_reconnect(rig: XRig) -> None:
    rig.emulator.revoke_app()
    with pytest.raises(ReconnectRequired):
        await run_publication(rig.publisher, rig.context(MemoryLedger()))
    assert rig.emulator.posts == []


async def test_a_lost_refresh_answer_loses_the_account(rig: XRig) -> None:
    """X rotated the refresh token, but its answer never came: the token in hand is dead.
    Nothing can recover this but a reconnect; nothing is posted twice either."""
    rig.emulator.expired_token_fault("append", call=2)
    rig.emulator.faults.dropped("token")
    ledger = MemoryLedger()

    state = await settle(rig.publisher, lambda: rig.context(ledger), ledger)

    assert state == S.UPLOADING
    assert rig.emulator.requests.statuses("token")[-1] == 400
    assert rig.emulator.posts == []


async def test_no_token_reaches_the_logs(rig: XRig) -> None:
    rig.emulator.expired_token_fault("finalize")
    rig.emulator.faults.server_error("append", 503, call=2)
    rig.emulator.faults.dropped("create_tweet")
    tokens = [rig.credentials.tokens.access_token, rig.credentials.tokens.refresh_token]
    ledger = MemoryLedger()

    with structlog.testing.capture_logs() as logs:
        await settle(rig.publisher, lambda: rig.context(ledger), ledger)

    assert ledger.state == S.PUBLISHED
    tokens += [rig.credentials.tokens.access_token, rig.credentials.tokens.refresh_token]
    assert rig.credentials.refreshes == 1
    assert logs  # retries and the outcome were logged
    for token in filter(None, tokens):
        assert token not in repr(logs)
