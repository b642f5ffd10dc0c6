"""Services: transcribe a project's audio (one ledger row per call) and time a narration."""

from dataclasses import replace
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import StageName, UsageUnit
from db.models import Project
from db.queries import usage
from pipeline.context import JobCtx
from pipeline.speech.base import Speech
from pipeline.transcribe.align import align_transcript
from pipeline.transcribe.base import Transcriber, Transcript
from pipeline.transcribe.chain import build_transcriber
from pipeline.wallet import Wallet


def transcriber_for(ctx: JobCtx) -> Transcriber:
    """The process's transcriber; built from settings when the context has none."""
    return ctx["providers"].transcriber or build_transcriber(ctx["settings"].providers)


async def transcribe_audio(
    ctx: JobCtx,
    session: AsyncSession,
    project: Project,
    audio: Path,
    stage: StageName,
    *,
    wallet: Wallet,
) -> Transcript:
    """Transcribe `audio` in the project's language and meter it: audio seconds, billed to
    the provider that answered. A paid provider records its call through `wallet` (committed
    at once); a free one's row (cost 0) goes with the stage's commit."""
    transcript = await transcriber_for(ctx).transcribe(audio, project.language, wallet=wallet)
    if transcript.metered:
        return transcript
    await usage.add_usage(
        session,
        project.user_id,
        provider=transcript.provider,
        unit=UsageUnit.AUDIO_SECONDS,
        quantity=transcript.duration,
        cost_usd=transcript.cost_usd,
        project_id=project.id,
        stage=stage,
    )
    return transcript


async def with_word_timings(
    ctx: JobCtx,
    session: AsyncSession,
    project: Project,
    narration: str,
    speech: Speech,
    *,
    wallet: Wallet,
) -> Speech:
    """`speech` as it is when the engine timed its words; otherwise its WAV is transcribed
    and every word of `narration` gets a span from what was heard."""
    if speech.words:
        return speech
    transcript = await transcribe_audio(
        ctx, session, project, speech.wav, StageName.VOICE, wallet=wallet
    )
    words = align_transcript(narration, transcript.words, speech.duration)
    return replace(speech, words=words)
