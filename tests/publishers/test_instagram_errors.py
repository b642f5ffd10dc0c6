"""The Graph error envelope, as Instagram sends it, decides what the adapter raises and
what the publication's state becomes."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.enums import PublicationState
from core.errors import DomainError
from publishers.errors import (
    PublishRateLimited,
    PublishRejected,
    ReconnectRequired,
)
from publishers.runner import run_publication
from tests.publishers.instagram_kit import instagram
from tests.publishers.ledgers import MemoryLedger


@pytest.mark.parametrize(
    ("code", "subcode", "raised", "state"),
    [
        (190, 458, ReconnectRequired, PublicationState.QUEUED),  # app removed
        (190, 460, ReconnectRequired, PublicationState.QUEUED),  # password changed
        (190, 467, ReconnectRequired, PublicationState.QUEUED),  # invalid
        (10, None, ReconnectRequired, PublicationState.QUEUED),  # permission missing
        (200, None, ReconnectRequired, PublicationState.QUEUED),
        (4, None, PublishRateLimited, PublicationState.QUEUED),
        (17, None, PublishRateLimited, PublicationState.QUEUED),
        (32, None, PublishRateLimited, PublicationState.QUEUED),
        (613, None, PublishRateLimited, PublicationState.QUEUED),
        (100, 2207010, PublishRejected, PublicationState.FAILED),  # caption too long
        (368, None, PublishRejected, PublicationState.FAILED),  # blocked for policy
    ],
)
async def test_a_refusal_on_the_container(
    tmp_path: Path, code: int, subcode: int | None, raised: type[DomainError],
    state: PublicationState,
) -> None:  # fmt: skip
    async with instagram(tmp_path) as kit:
        wait = {"Retry-After": "3600"} if raised is PublishRateLimited else {}  # ends the try
        kit.emulator.faults.graph(
            "media_create", code, "refused", subcode=subcode, times=6, headers=wait
        )
        ledger = MemoryLedger()
        with pytest.raises(raised):
            await run_publication(kit.publisher, kit.context(ledger))
        assert ledger.state == state
        assert kit.emulator.requests.count("refresh") == 0
        assert kit.emulator.public_posts() == []


@pytest.mark.parametrize(("code", "subcode"), [(2, None), (1, None), (-1, 2207082)])
async def test_a_platform_failure_on_a_safe_call_is_retried(
    tmp_path: Path, code: int, subcode: int | None
) -> None:
    async with instagram(tmp_path) as kit:
        kit.emulator.faults.graph("media_create", code, "try again", subcode=subcode, times=2)
        await run_publication(kit.publisher, kit.context(MemoryLedger()))
        assert kit.emulator.requests.statuses("media_create") == [400, 400, 200]
        assert len(kit.emulator.public_posts()) == 1


async def test_media_not_ready_on_publish_is_asked_again(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        kit.emulator.faults.graph(
            "media_publish", 9007, "The media is not ready for publishing", subcode=2207027
        )
        ledger = MemoryLedger()
        with pytest.raises(PublishRateLimited) as raised:
            await run_publication(kit.publisher, kit.context(ledger))
        assert raised.value.retry_after_s == 10.0
        assert ledger.state == PublicationState.PROCESSING  # a definite no: not unknown
        await run_publication(kit.publisher, kit.context(ledger))
        assert kit.emulator.requests.count("media_publish") == 2
        assert len(kit.emulator.public_posts()) == 1
