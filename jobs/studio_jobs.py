"""Studio jobs: a character's variations and a voice from the draft samples, made off the
chat update and reported through the notifier (each job's state is on its row:
services.variation_jobs, services.voice_jobs)."""

from core.errors import DomainError
from pipeline.context import JobCtx
from pipeline.voices.cloud import voice_cloud
from pipeline.wallet import Wallets
from services import variation_jobs, voice_jobs


async def make_variations(ctx: JobCtx, character_id: int) -> None:
    """Make the character's requested variations and report them (or why not) in the chat.

    A crash is re-raised for the queue to retry (what was stored is not made, nor paid,
    again); after the last try the row says failed and the person is told.
    """
    wallets = Wallets(ctx["sessionmaker"], ctx["settings"])
    try:
        async with ctx["sessionmaker"]() as session:
            event = await variation_jobs.run_variations(
                session, ctx["storage"], ctx["settings"].providers, wallets, character_id
            )
    except Exception:
        if ctx.get("job_try", 1) >= ctx.get("max_tries", 1):
            async with ctx["sessionmaker"]() as session:
                failed = await variation_jobs.fail_variations(session, character_id, DomainError())
            if failed is not None:
                await ctx["notifier"].studio(failed)
        raise
    if event is not None:
        await ctx["notifier"].studio(event)


async def create_voice(ctx: JobCtx, request_id: int) -> None:
    """Make the requested voice (an ElevenLabs clone when configured, else a stock-voice
    match) and report it (or why not) in the chat; a crash after the last try is told too."""
    wallets = Wallets(ctx["sessionmaker"], ctx["settings"])
    cloud = voice_cloud(ctx["settings"].providers)
    try:
        async with ctx["sessionmaker"]() as session:
            event = await voice_jobs.run_voice_request(
                session, ctx["storage"], cloud, wallets, request_id
            )
    except Exception:
        if ctx.get("job_try", 1) >= ctx.get("max_tries", 1):
            async with ctx["sessionmaker"]() as session:
                failed = await voice_jobs.fail_voice_request(session, request_id, DomainError())
            if failed is not None:
                await ctx["notifier"].studio(failed)
        raise
    if event is not None:
        await ctx["notifier"].studio(event)
