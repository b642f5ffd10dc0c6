"""Bring your own voiceover: the user's recording is the narration of the Short.

How the stages treat a project whose options name a `voiceover` (a file in its inputs):

- script: the writer still writes the script (scene count, pictures, title, hashtags) for
  the voiceover's length, but the scene texts are replaced by what the voiceover says,
  split at sentence ends, so the captions show the words actually spoken.
- voice: nothing is synthesised. The recording becomes `voice.wav` (mono 48 kHz), its
  transcript's word spans are aligned to the scene texts (which the user may have edited
  since), and the scenes follow the recording's timing, so the Short lasts as long as it.
  Picking a voice on the preview drops the voiceover (`review.change_voice`).

The transcript is kept beside the project (`voiceover_transcript.json`), so the voice
stage, a retry or a redo does not pay for a second transcription of the same file.
"""

import asyncio
import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ArtifactKind, StageName
from core.errors import InvalidInput, NotFound
from core.project_options import ProjectOptions
from db.models import Project
from db.queries import scripts
from pipeline.context import JobCtx
from pipeline.speech.base import WordTiming
from pipeline.stage_runner import ArtifactOut, Report
from pipeline.stages.voice import TAIL_S, scene_bounds
from pipeline.transcribe.align import align_transcript
from pipeline.transcribe.base import Transcript
from pipeline.transcribe.service import transcribe_audio
from pipeline.wallet import Wallet, spend_limited, stage_wallet
from pipeline.writers.base import SceneDraft, ScriptDraft
from pipeline.writers.narration import split_scenes

TRANSCRIPT_FILE = "voiceover_transcript.json"
ENGINE = "voiceover"


class VoiceoverNoSpeech(InvalidInput):
    key = "error-voiceover-no-speech"
    template = "No speech was heard in the voiceover; send a recording of the narration."


def has_voiceover(options: ProjectOptions) -> bool:
    """True when the project narrates with the user's own recording."""
    return bool(options.voiceover)


def _load(data: dict[str, Any]) -> Transcript:
    words = tuple(WordTiming(w["text"], w["start"], w["end"]) for w in data["words"])
    return Transcript(
        data["text"], data["language"], data["duration"], words, data["provider"], 0.0
    )


def _dump(transcript: Transcript, source: str, size: int) -> str:
    words = [{"text": w.text, "start": w.start, "end": w.end} for w in transcript.words]
    return json.dumps(
        {
            "source": source,
            "size": size,
            "text": transcript.text,
            "language": transcript.language,
            "duration": transcript.duration,
            "provider": transcript.provider,
            "words": words,
        },
        ensure_ascii=False,
    )


async def voiceover_transcript(
    ctx: JobCtx, session: AsyncSession, project: Project, stage: StageName, wallet: Wallet
) -> Transcript:
    """The voiceover's transcript: the stored one when it is of this very file, else a new
    (metered) transcription of the normalised recording."""
    storage = ctx["storage"]
    relpath = str(project.options.voiceover)
    source = storage.resolve(relpath)
    size = source.stat().st_size
    workdir = storage.resolve(project.workdir)
    stored = workdir / TRANSCRIPT_FILE
    if stored.is_file():
        data = json.loads(stored.read_text(encoding="utf-8"))
        if data.get("source") == relpath and data.get("size") == size:
            return _load(data)
    wav = workdir / "voiceover.wav"
    try:
        # PyAV (~20 MB) only in processes that handle a voiceover; the render runs after.
        from pipeline.stages.voiceover_audio import write_voiceover_wav  # noqa: PLC0415

        await asyncio.to_thread(write_voiceover_wav, source, wav)
        transcript = await transcribe_audio(ctx, session, project, wav, stage, wallet=wallet)
    finally:
        wav.unlink(missing_ok=True)
    storage.write_text(stored, _dump(transcript, relpath, size))
    return transcript


async def narrate_with_voiceover(
    ctx: JobCtx, session: AsyncSession, project: Project, draft: ScriptDraft, wallet: Wallet
) -> ScriptDraft:
    """`draft` with its scene texts replaced by the voiceover's words (fewer scenes when
    the recording has fewer words than the draft has scenes).

    Raises:
        VoiceoverNoSpeech: the recognizer heard no word.
    """
    transcript = await voiceover_transcript(ctx, session, project, StageName.SCRIPT, wallet)
    text = " ".join(transcript.text.split())
    if not any(char.isalnum() for char in text):
        raise VoiceoverNoSpeech()
    count = min(len(draft.scenes), len(text.split()))
    texts = split_scenes(text, count)
    total = sum(len(part) for part in texts)
    scenes = [
        SceneDraft(
            text=part,
            visual_prompt=scene.visual_prompt,
            duration=round(max(transcript.duration, 1.0) * len(part) / total, 3),
        )
        for part, scene in zip(texts, draft.scenes, strict=False)
    ]
    return draft.model_copy(update={"scenes": scenes})


async def run_voice(
    ctx: JobCtx, session: AsyncSession, project: Project, report: Report
) -> list[ArtifactOut]:
    """The voice stage for a voiceover project: WAV + word timings from the recording."""
    script = await scripts.get_script_for_job(session, project.id)
    if script is None:
        raise NotFound(what="script")
    texts = [str(scene["text"]) for scene in script.scenes]
    storage = ctx["storage"]
    workdir = storage.resolve(project.workdir)
    wav = workdir / "voice.wav"
    source = storage.resolve(str(project.options.voiceover))
    from pipeline.stages.voiceover_audio import write_voiceover_wav  # noqa: PLC0415

    duration = await asyncio.to_thread(write_voiceover_wav, source, wav)
    await report(0.3)
    wallet = await stage_wallet(ctx, project.user_id, project.id, StageName.VOICE)
    transcript = await voiceover_transcript(ctx, session, project, StageName.VOICE, wallet)
    words = align_transcript(" ".join(texts), transcript.words, duration)
    await report(0.9)
    bounds = scene_bounds([len(t.split()) for t in texts], words, duration + TAIL_S)
    script.scenes = [
        {**scene, "start": bounds[i], "end": bounds[i + 1]}
        for i, scene in enumerate(script.scenes)
    ]
    timings = {
        "engine": ENGINE,
        "speed": 1.0,
        "duration": duration,
        "scene_bounds": bounds,
        "words": [{"text": w.text, "start": w.start, "end": w.end} for w in words],
    }
    stored = storage.write_text(workdir / "words.json", json.dumps(timings, ensure_ascii=False))
    meta = {"engine": ENGINE, "transcriber": transcript.provider, **spend_limited(wallet)}
    return [
        ArtifactOut(ArtifactKind.VOICE_WAV, storage.describe(wav), duration=duration, meta=meta),
        ArtifactOut(ArtifactKind.WORD_TIMINGS, stored),
    ]
