"""A Short narrated by the user's own voiceover: real espeak speech sent as OGG/Opus, real
Whisper, real render. The scenes say what the recording says and the captions follow it."""

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from stage_support import queue_project

from core.enums import ArtifactKind, ProjectStatus, StageName, UsageUnit
from core.errors import DomainError
from core.project_options import VoiceChoice
from db.models import Artifact, Project, Script, UsageEntry
from jobs.queue import ArqQueue
from pipeline.context import JobCtx
from pipeline.ffmpeg.probe import probe
from pipeline.produce import produce_short
from pipeline.speech.base import VoiceParams, WordTiming
from pipeline.speech.espeak import EspeakSynth
from pipeline.stages.voice import TAIL_S
from pipeline.transcribe.align import align_transcript, normalize
from services.production import project_job_id
from services.projects import ProjectRequest
from services.review import change_voice
from tests.pipeline.transcribe.transcribe_samples import reencode

pytestmark = [pytest.mark.render, pytest.mark.timeout(180)]

NARRATION = (
    "Octopuses have three hearts and blue blood. Each of their eight arms can taste what it "
    "touches. They change colour in a blink to hide from sharks. Some of them even carry "
    "coconut shells as a portable home."
)


async def test_the_voiceover_narrates_and_times_the_short(job_ctx: JobCtx, tmp_path: Path) -> None:
    spoken = await EspeakSynth().synthesize(NARRATION, "en", VoiceParams(), tmp_path / "s.wav")
    voiceover = reencode(spoken.wav, tmp_path / "my take.ogg")
    request = ProjectRequest(topic="Octopus facts", language="en", voiceover=voiceover)
    project_id = await queue_project(job_ctx, request)

    await produce_short(job_ctx, project_id)

    storage = job_ctx["storage"]
    async with job_ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
        script = await session.scalar(select(Script).where(Script.project_id == project_id))
        items = (
            await session.scalars(select(Artifact).where(Artifact.project_id == project_id))
        ).all()
        ledger = (
            await session.scalars(select(UsageEntry).where(UsageEntry.project_id == project_id))
        ).all()
    assert project is not None
    assert script is not None
    assert project.status is ProjectStatus.DONE, project.error
    assert project.target_duration == pytest.approx(spoken.duration, abs=0.1)
    kept = project.options.voiceover  # the WAV made at upload, never the file sent
    assert kept == f"{project.workdir}/inputs/voiceover.wav"
    assert storage.resolve(kept).read_bytes()[:4] == b"RIFF"
    narration = " ".join(str(scene["text"]) for scene in script.scenes)
    said = {normalize(word) for word in NARRATION.split()}
    assert sum(normalize(w) in said for w in narration.split()) >= 0.7 * len(narration.split())

    by_kind = {item.kind: item for item in items if item.index == 0}
    voice = by_kind[ArtifactKind.VOICE_WAV]
    assert voice.meta["engine"] == "voiceover"
    assert voice.duration == pytest.approx(spoken.duration, abs=0.05)
    timings = json.loads(storage.resolve(by_kind[ArtifactKind.WORD_TIMINGS].path).read_text())
    words = tuple(WordTiming(w["text"], w["start"], w["end"]) for w in timings["words"])
    assert [w.text for w in words] == narration.split()
    # Map the captions' words back onto what espeak said, and compare with espeak's timings.
    back = align_transcript(NARRATION, words, spoken.duration)
    errors = [abs(a.start - b.start) for a, b in zip(back, spoken.words, strict=True)]
    assert sum(errors) / len(errors) < 0.2
    assert float(script.scenes[-1]["end"]) == pytest.approx(spoken.duration + TAIL_S, abs=0.01)
    srt = storage.resolve(by_kind[ArtifactKind.CAPTIONS_SRT].path).read_text()
    assert "HEART" in srt.upper()
    video = storage.resolve(by_kind[ArtifactKind.VIDEO].path)
    assert probe(video).duration == pytest.approx(spoken.duration + TAIL_S, abs=0.15)
    heard = [row for row in ledger if row.unit is UsageUnit.AUDIO_SECONDS]
    assert [(row.provider, row.stage) for row in heard] == [("whisper", StageName.SCRIPT)]


async def test_a_bad_voiceover_is_refused_before_the_project_exists(
    job_ctx: JobCtx, tmp_path: Path
) -> None:
    fake = tmp_path / "voiceover.m4a"
    fake.write_bytes(b"\x00\x00\x00\x18ftypM4A " + b"\x00" * 4000)

    with pytest.raises(DomainError) as caught:
        await queue_project(job_ctx, ProjectRequest(topic="Octopus", voiceover=fake))

    assert caught.value.key == "error-voiceover-corrupt"
    async with job_ctx["sessionmaker"]() as session:
        assert (await session.scalars(select(Project))).all() == []


async def test_picking_a_voice_on_the_preview_drops_the_voiceover(
    job_ctx: JobCtx, tmp_path: Path, arq_queue: ArqQueue
) -> None:
    spoken = await EspeakSynth().synthesize(
        "Short and sweet, as the best things are.", "en", VoiceParams(), tmp_path / "s.wav"
    )
    voiceover = reencode(spoken.wav, tmp_path / "take.mp3", "mp3")
    project_id = await queue_project(
        job_ctx, ProjectRequest(topic="Octopus", language="en", voiceover=voiceover)
    )
    async with job_ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        assert project.target_duration == 10.0  # a 3 s voiceover: the shortest script
        project.status = ProjectStatus.DONE
        await session.commit()

        changed = await change_voice(
            session,
            job_ctx["storage"],
            project.user_id,
            project_id,
            None,  # the stock voice
            limits=job_ctx["settings"].limits,
            queue=arq_queue,
        )

    assert changed.options.voiceover is None
    assert changed.options.voice == VoiceChoice()
    assert await arq_queue.is_pending(project_job_id(project_id, changed.revision))
