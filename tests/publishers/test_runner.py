"""The exactly-once rules of publishers.runner, with a scripted platform: what each failure
before and after PUBLISH_ATTEMPTED does to the state, and that only reconcile leaves
OUTCOME_UNKNOWN. (Each platform's adapter is driven through the same runner against its
emulator in tests/publishers/test_<platform>_*.py.)"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import aiohttp
import pytest

from core.enums import Platform, PublicationState
from publishers.base import PostDraft, PostRef, PublishContext, VideoFile
from publishers.errors import (
    OutcomeStillUnknown,
    PostRefused,
    PublishRateLimited,
    PublishRejected,
    PublishUnavailable,
    ReconnectRequired,
)
from publishers.limits import PlatformLimits
from publishers.runner import run_publication
from tests.publishers.ledgers import MemoryLedger, StaticCredentials

State = PublicationState


@dataclass
class ScriptedPlatform:
    """Fails its commit as told; `public` counts posts that went public."""

    platform: ClassVar[Platform] = Platform.X
    limits: ClassVar[PlatformLimits] = PlatformLimits(max_duration_s=60)
    commit_failures: list[Exception] = field(default_factory=list)
    acted_before_failing: bool = False
    public: int = 0
    reconciles: int = 0

    async def publish(self, ctx: PublishContext) -> PostRef:
        await ctx.ledger.save(State.UPLOADING, media_id="m1")
        await ctx.ledger.save(State.PUBLISH_ATTEMPTED)
        if self.commit_failures:
            error = self.commit_failures.pop(0)
            if self.acted_before_failing:
                self.public += 1
            raise error
        self.public += 1
        return PostRef("p1", "https://example.test/p1")

    async def reconcile(self, ctx: PublishContext) -> PostRef | None:
        self.reconciles += 1
        return PostRef("p1", None) if self.public else None


@pytest.fixture
async def context() -> PublishContext:
    video = VideoFile(Path("v.mp4"), 10, 5.0, 1080, 1920, 30.0, "h264", "aac")
    async with aiohttp.ClientSession() as http:
        return PublishContext(
            http, StaticCredentials("acct", "t"), video, PostDraft("t", "c"), MemoryLedger()
        )


async def test_a_clean_run_ends_published_with_the_post(context: PublishContext) -> None:
    platform = ScriptedPlatform()
    post = await run_publication(platform, context)
    assert post.post_id == "p1"
    assert context.ledger.state is State.PUBLISHED
    assert context.ledger.get("post_url") == "https://example.test/p1"


async def test_a_lost_commit_answer_is_unknown_and_reconcile_finds_the_post(
    context: PublishContext,
) -> None:
    platform = ScriptedPlatform([PublishUnavailable(provider="x", reason="502")], True)
    with pytest.raises(OutcomeStillUnknown):
        await run_publication(platform, context)
    assert context.ledger.state is State.OUTCOME_UNKNOWN
    await run_publication(platform, context)
    assert (platform.public, platform.reconciles) == (1, 1)
    assert context.ledger.state is State.PUBLISHED


async def test_a_commit_that_certainly_did_not_act_is_sent_again_after_reconcile(
    context: PublishContext,
) -> None:
    platform = ScriptedPlatform([TimeoutError()])
    with pytest.raises(OutcomeStillUnknown):
        await run_publication(platform, context)
    await run_publication(platform, context)
    assert (platform.public, platform.reconciles) == (1, 1)


async def test_a_429_on_the_commit_rolls_back_without_reconciling(
    context: PublishContext,
) -> None:
    platform = ScriptedPlatform([PublishRateLimited(provider="x", reason="429")])
    with pytest.raises(PublishRateLimited):
        await run_publication(platform, context)
    assert context.ledger.state is State.PROCESSING
    await run_publication(platform, context)
    assert (platform.public, platform.reconciles) == (1, 0)


async def test_a_definite_rejection_fails_with_its_key(context: PublishContext) -> None:
    platform = ScriptedPlatform([PublishRejected(provider="x", reason="duplicate")])
    with pytest.raises(PublishRejected):
        await run_publication(platform, context)
    assert context.ledger.state is State.FAILED
    assert context.ledger.get("error_key") == PublishRejected.key


async def test_a_refused_account_is_not_a_final_failure(context: PublishContext) -> None:
    platform = ScriptedPlatform([ReconnectRequired(provider="x", reason="invalid_grant")])
    with pytest.raises(ReconnectRequired):
        await run_publication(platform, context)
    assert context.ledger.state is State.PROCESSING


async def test_a_try_that_died_during_the_commit_reconciles_first(
    context: PublishContext,
) -> None:
    await context.ledger.save(State.PUBLISH_ATTEMPTED)
    platform = ScriptedPlatform(public=1)  # it did go out before the worker died
    post = await run_publication(platform, context)
    assert (post.post_id, platform.reconciles, platform.public) == ("p1", 1, 1)


async def test_a_published_publication_is_never_published_again(
    context: PublishContext,
) -> None:
    platform = ScriptedPlatform()
    await run_publication(platform, context)
    await run_publication(platform, context)
    assert platform.public == 1


@dataclass
class PollingPlatform(ScriptedPlatform):
    """Commits, then polls what the platform does with the post; the poll fails as told."""

    poll_failure: Exception | None = None

    async def publish(self, ctx: PublishContext) -> PostRef:
        if ctx.ledger.get("sent") is None:
            await ctx.ledger.save(State.PUBLISH_ATTEMPTED)
            self.public += 1
            await ctx.ledger.save(State.PROCESSING, sent=1)
        if self.poll_failure is not None:
            error, self.poll_failure = self.poll_failure, None
            raise error
        return PostRef("p1")


async def test_a_definite_no_after_the_commit_is_not_a_failure(context: PublishContext) -> None:
    # A 4xx on a status poll after the platform took the post says nothing about the post.
    platform = PollingPlatform(poll_failure=PublishRejected(provider="x", reason="poll 400"))
    with pytest.raises(OutcomeStillUnknown):
        await run_publication(platform, context)
    assert context.ledger.state is State.OUTCOME_UNKNOWN
    await run_publication(platform, context)
    assert (platform.public, context.ledger.state) == (1, State.PUBLISHED)


async def test_the_platform_refusing_the_post_after_the_commit_is_final(
    context: PublishContext,
) -> None:
    platform = PollingPlatform(poll_failure=PostRefused(provider="x", reason="moderation"))
    with pytest.raises(PostRefused):
        await run_publication(platform, context)
    assert context.ledger.state is State.FAILED
