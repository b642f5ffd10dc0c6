"""A project speaking with a voice match: the voice stage applies the pitch/timbre transform."""

import json
import wave

import numpy as np
import parselmouth
from stage_support import queue_project

from core.enums import StageName
from core.project_options import VoiceChoice
from db.queries import projects
from pipeline.context import JobCtx
from pipeline.speech.matched import MatchedSynth
from pipeline.stage_runner import run_stage
from pipeline.stages import script, voice
from pipeline.voices.transform import pitch_stats
from services.projects import ProjectRequest

TRANSFORM = {"pitch_median_hz": 240.0, "range_factor": 1.0, "formant_ratio": 1.2}
VOICE = {"engine": "espeak", "voice_id": 1, "name": "ru+m3", "speed": 1.0, "pitch": 0.0}


async def _nothing(fraction: float) -> None:
    del fraction


def test_the_stage_wraps_the_engine_only_for_a_voice_match(job_ctx: JobCtx) -> None:
    plain = voice.synth_for(job_ctx, VoiceChoice.model_validate(VOICE))
    assert not isinstance(plain, MatchedSynth)
    matched = voice.synth_for(
        job_ctx, VoiceChoice.model_validate({**VOICE, "transform": TRANSFORM})
    )
    assert isinstance(matched, MatchedSynth)
    assert matched.name == "espeak"


async def test_a_project_speaks_with_the_transform(job_ctx: JobCtx) -> None:
    request = ProjectRequest(
        topic="Почему осьминоги такие умные",
        language="ru",
        duration=15,
        voice={**VOICE, "transform": TRANSFORM},
    )
    project_id = await queue_project(job_ctx, request)
    async with job_ctx["sessionmaker"]() as session:
        project = await projects.get_project_for_job(session, project_id)
        assert project is not None
        for stage, fn in ((StageName.SCRIPT, script.run), (StageName.VOICE, voice.run)):
            await run_stage(job_ctx, session, project, stage, fn=fn, report=_nothing)
        workdir = job_ctx["storage"].resolve(project.workdir)

    wav = workdir / "voice.wav"
    timings = json.loads((workdir / "words.json").read_text(encoding="utf-8"))
    with wave.open(str(wav), "rb") as w:
        seconds = w.getnframes() / w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    assert abs(seconds - timings["duration"]) < 0.01  # the timings fit the transformed WAV
    assert timings["words"][-1]["end"] <= seconds
    # ru+m3 speaks near 100 Hz; the transform moves the median to 240 Hz.
    achieved = pitch_stats(parselmouth.Sound(str(wav))).median_hz
    assert abs(1200 * np.log2(achieved / TRANSFORM["pitch_median_hz"])) < 50
    assert np.abs(pcm).max() < 32700  # normalised to -1 dBFS, not clipped
