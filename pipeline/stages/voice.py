"""Stage 2, voice: the narration spoken into a WAV with per-word timings.

A paid engine (ElevenLabs) speaks once: its calls go through the stage's wallet (daily
spend ceiling, ledger), its answers are cached (a retried or resumed stage asks again for
free), and a length that misses the target is fitted locally with `atempo` rather than by a
second paid call. A free engine is simply asked again at a fitted speed.
"""

import json
from dataclasses import replace
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ArtifactKind, StageName, UsageUnit
from core.errors import NotFound
from core.project_options import VoiceChoice
from db.models import Project
from db.queries import scripts, usage
from pipeline.context import JobCtx
from pipeline.speech.base import Speech, SpeechSynth, VoiceParams, WordTiming
from pipeline.speech.cache import speech_cache
from pipeline.speech.matched import with_voice_match
from pipeline.speech.registry import get_synth
from pipeline.speech.tempo import retime, tempo_factor
from pipeline.stage_runner import ArtifactOut, Report
from pipeline.transcribe.service import with_word_timings
from pipeline.wallet import spend_limited, stage_wallet

# The writer estimates speech time; when the engine still lands further off than this, the
# voice is re-spoken (free engines) at an adjusted speed within these bounds, or re-timed
# (paid engines, see pipeline.speech.tempo).
FIT_TOLERANCE_S = 2.0
SPEED_BOUNDS = (0.8, 1.35)
TAIL_S = 0.8  # music and the last picture linger after the last word


def voice_params(voice: VoiceChoice) -> tuple[VoiceParams, bool]:
    """The project's voice settings (a studio voice's, or the defaults), and whether the user
    fixed the speed themselves (then it is not fitted to the target duration). A cloned
    voice's `name` is its provider id and it brings its stability and similarity."""
    params = VoiceParams(
        voice=voice.name,
        speed=1.0 if voice.speed is None else voice.speed,
        pitch=0.0 if voice.pitch is None else voice.pitch,
        stability=voice.stability,
        similarity=voice.similarity,
    )
    return params, voice.fixed_speed


def fitted_speed(base: float, current: float, spoken_s: float, target_s: float) -> float:
    """The speed that should make `spoken_s` last `target_s`, kept within natural bounds
    around the voice's own speed `base`."""
    low, high = SPEED_BOUNDS
    return max(base * low, min(base * high, current * spoken_s / target_s))


def synth_for(ctx: JobCtx, voice: VoiceChoice) -> SpeechSynth:
    """The configured engine, unless the project's voice was made for a specific one."""
    engine = voice.engine
    configured = ctx["providers"].synth
    if engine is None or engine == configured.name:
        return with_voice_match(configured, voice)  # a voice match's pitch/timbre transform
    providers = ctx["settings"].providers
    named = get_synth(
        str(engine),
        rhvoice_root=providers.rhvoice_root,
        elevenlabs=providers.elevenlabs,
        cache=speech_cache(ctx["storage"].root),
    )
    return with_voice_match(named, voice)


def scene_bounds(word_counts: list[int], words: tuple[WordTiming, ...], end: float) -> list[float]:
    """Scene start times from word timings: a scene starts between its first word and the
    previous word's end; the first starts at 0. Returns len(word_counts) + 1 boundaries."""
    bounds = [0.0]
    cursor = 0
    for count in word_counts[:-1]:
        cursor += count
        first = words[min(cursor, len(words) - 1)]
        previous = words[cursor - 1]
        bounds.append(round((previous.end + first.start) / 2, 3))
    bounds.append(round(end, 3))
    return bounds


async def run(
    ctx: JobCtx, session: AsyncSession, project: Project, report: Report
) -> list[ArtifactOut]:
    """Speak the script, fit it to the target duration, store WAV + timings.

    A project with the user's own voiceover is narrated by that recording instead.
    """
    if project.options.voiceover:
        # Imported here: pipeline.stages.voiceover builds on this module's scene_bounds.
        from pipeline.stages.voiceover import run_voice  # noqa: PLC0415

        return await run_voice(ctx, session, project, report)
    script = await scripts.get_script_for_job(session, project.id)
    if script is None:
        raise NotFound(what="script")
    texts = [str(scene["text"]) for scene in script.scenes]
    narration = " ".join(texts)
    synth = synth_for(ctx, project.options.voice)
    params, fixed_speed = voice_params(project.options.voice)
    wallet = await stage_wallet(ctx, project.user_id, project.id, StageName.VOICE)
    workdir = ctx["storage"].resolve(project.workdir)
    wav = workdir / "voice.wav"
    speech = await synth.synthesize(narration, project.language, params, wav, wallet=wallet)
    tempo = 1.0
    if not fixed_speed and abs(speech.duration - project.target_duration) > FIT_TOLERANCE_S:
        await report(0.5)
        if speech.metered:  # paid: asking again would be paid again
            tempo = tempo_factor(speech.duration, project.target_duration)
            speech = await retime(speech, tempo, ctx["ffmpeg"])
        else:
            speed = fitted_speed(
                params.speed, params.speed, speech.duration, project.target_duration
            )
            params = replace(params, speed=speed)
            speech = await synth.synthesize(narration, project.language, params, wav)
    await report(0.9)
    speech = await with_word_timings(ctx, session, project, narration, speech, wallet=wallet)
    bounds = scene_bounds([len(t.split()) for t in texts], speech.words, speech.duration + TAIL_S)
    script.scenes = [
        {**scene, "start": bounds[i], "end": bounds[i + 1]}
        for i, scene in enumerate(script.scenes)
    ]
    storage = ctx["storage"]
    timings = storage.write_text(
        workdir / "words.json",
        json.dumps(
            {
                "engine": speech.engine,
                "speed": params.speed,
                "tempo": round(tempo, 4),
                "duration": speech.duration,
                "scene_bounds": bounds,
                "words": [{"text": w.text, "start": w.start, "end": w.end} for w in speech.words],
            },
            ensure_ascii=False,
        ),
    )
    await _meter(session, project, narration, speech)
    meta = {"engine": speech.engine, "speed": params.speed, "tempo": round(tempo, 4)}
    return [
        ArtifactOut(
            ArtifactKind.VOICE_WAV,
            storage.describe(wav),
            duration=speech.duration,
            meta={**meta, **spend_limited(wallet)},
        ),
        ArtifactOut(ArtifactKind.WORD_TIMINGS, timings),
    ]


async def _meter(session: AsyncSession, project: Project, text: str, speech: Speech) -> None:
    """The free rows, with the stage's commit: the characters a free engine spoke (a paid
    one's are in the ledger already) and the seconds of speech, billed to the engine that
    spoke."""
    rows = [(UsageUnit.AUDIO_SECONDS, speech.duration)]
    if not speech.metered:
        rows.insert(0, (UsageUnit.CHARACTERS, float(len(text))))
    for unit, quantity in rows:
        await usage.add_usage(
            session,
            project.user_id,
            provider=speech.engine,
            unit=unit,
            quantity=round(quantity, 3),
            project_id=project.id,
            stage=StageName.VOICE,
        )


def load_timings(path: Path) -> tuple[tuple[WordTiming, ...], list[float]]:
    """Read back the words and scene bounds the voice stage stored."""
    data = json.loads(path.read_text(encoding="utf-8"))
    words = tuple(WordTiming(w["text"], w["start"], w["end"]) for w in data["words"])
    return words, [float(b) for b in data["scene_bounds"]]
