"""The voice stage with an engine that returns no word timings (as some cloud voices do):
the WAV is transcribed offline and every written word gets a span."""

import dataclasses
import json
from pathlib import Path

from sqlalchemy import select
from stage_support import queue_project

from core.enums import ArtifactKind, StageName, UsageUnit
from db.models import Artifact, UsageEntry
from db.queries import projects
from pipeline.context import JobCtx
from pipeline.speech.base import Speech, VoiceParams, WordTiming
from pipeline.speech.espeak import EspeakSynth
from pipeline.stage_runner import run_stage
from pipeline.stages import script, voice
from pipeline.wallet import Wallet
from services.projects import ProjectRequest


class UntimedSynth:
    """espeak-ng that withholds its word timings, like a TTS API without timestamps; the
    withheld timings are kept to measure the transcription against."""

    name = "untimed"

    def __init__(self) -> None:
        self.withheld: tuple[WordTiming, ...] = ()

    def languages(self) -> frozenset[str]:
        return frozenset({"en"})

    async def synthesize(
        self,
        text: str,
        language: str,
        params: VoiceParams,
        out: Path,
        *,
        wallet: Wallet | None = None,
    ) -> Speech:
        speech = await EspeakSynth().synthesize(text, language, params, out, wallet=wallet)
        self.withheld = speech.words
        return dataclasses.replace(speech, words=(), engine=self.name)


async def _nothing(fraction: float) -> None:
    del fraction


async def test_words_come_from_transcription_when_the_engine_gives_none(job_ctx: JobCtx) -> None:
    synth = UntimedSynth()
    ctx: JobCtx = {**job_ctx, "providers": dataclasses.replace(job_ctx["providers"], synth=synth)}
    request = ProjectRequest(
        topic="Why cats sleep so much", language="en", duration=10, voice={"fixed_speed": True}
    )
    project_id = await queue_project(ctx, request)

    async with ctx["sessionmaker"]() as session:
        project = await projects.get_project_for_job(session, project_id)
        assert project is not None
        await run_stage(ctx, session, project, StageName.SCRIPT, fn=script.run, report=_nothing)
        await run_stage(ctx, session, project, StageName.VOICE, fn=voice.run, report=_nothing)
        timings = await session.scalar(
            select(Artifact).where(
                Artifact.project_id == project_id, Artifact.kind == ArtifactKind.WORD_TIMINGS
            )
        )
        heard = (
            await session.scalars(
                select(UsageEntry).where(
                    UsageEntry.project_id == project_id,
                    UsageEntry.unit == UsageUnit.AUDIO_SECONDS,
                )
            )
        ).all()

    assert timings is not None
    data = json.loads(ctx["storage"].resolve(timings.path).read_text())
    words = [WordTiming(w["text"], w["start"], w["end"]) for w in data["words"]]
    assert [w.text for w in words] == [w.text for w in synth.withheld]
    errors = [abs(a.start - b.start) for a, b in zip(words, synth.withheld, strict=True)]
    assert sum(errors) / len(errors) < 0.25
    assert {(row.provider, row.stage) for row in heard} == {
        ("untimed", StageName.VOICE),
        ("whisper", StageName.VOICE),
    }
    assert data["scene_bounds"] == sorted(data["scene_bounds"])
