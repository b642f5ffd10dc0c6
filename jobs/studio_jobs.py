"""Studio jobs: a character's variations and a voice from the draft samples, made off the
chat update and reported through the notifier, their progress as they go (each job's state
is on its row: services.variation_jobs, services.voice_jobs)."""

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from core.ports import StudioEvent
from pipeline.context import JobCtx
from pipeline.voices.cloud import voice_cloud
from pipeline.wallet import Wallets
from services import variation_jobs, voice_jobs

StudioRun = Callable[[AsyncSession], Awaitable[StudioEvent | None]]
StudioFail = Callable[[AsyncSession, DomainError], Awaitable[StudioEvent | None]]


async def make_variations(ctx: JobCtx, character_id: int) -> None:
    """Make the character's requested variations and report them (or why not) in the chat;
    what was stored is not made, nor paid, again by a retry."""
    wallets = Wallets(ctx["sessionmaker"], ctx["settings"])

    async def run(session: AsyncSession) -> StudioEvent | None:
        return await variation_jobs.run_variations(
            session, ctx["storage"], ctx["settings"].providers, wallets, character_id,
            report=ctx["notifier"].studio,
        )  # fmt: skip

    async def fail(session: AsyncSession, error: DomainError) -> StudioEvent | None:
        return await variation_jobs.fail_variations(session, character_id, error)

    await _run_and_report(ctx, run, fail)


async def create_voice(ctx: JobCtx, request_id: int) -> None:
    """Make the requested voice (an ElevenLabs clone when configured, else a stock-voice
    match) and report it (or why not) in the chat."""
    wallets = Wallets(ctx["sessionmaker"], ctx["settings"])
    cloud = voice_cloud(ctx["settings"].providers)

    async def run(session: AsyncSession) -> StudioEvent | None:
        return await voice_jobs.run_voice_request(
            session, ctx["storage"], cloud, wallets, request_id, report=ctx["notifier"].studio
        )

    async def fail(session: AsyncSession, error: DomainError) -> StudioEvent | None:
        return await voice_jobs.fail_voice_request(session, request_id, error)

    await _run_and_report(ctx, run, fail)


async def _run_and_report(ctx: JobCtx, run: StudioRun, fail: StudioFail) -> None:
    """Run the job and report its event. A crash is re-raised for the queue to retry; after
    the last try the row says failed and the person is told."""
    try:
        async with ctx["sessionmaker"]() as session:
            event = await run(session)
    except Exception:
        if ctx.get("job_try", 1) >= ctx.get("max_tries", 1):
            async with ctx["sessionmaker"]() as session:
                event = await fail(session, DomainError())
            if event is not None:
                await ctx["notifier"].studio(event)
        raise
    if event is not None:
        await ctx["notifier"].studio(event)
