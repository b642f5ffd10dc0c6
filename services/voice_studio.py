"""Voice Studio services: a voice from the draft samples, test phrases, settings, delete.

Offline, a "voice" is an honest stock-voice match, not a clone: the samples' pitch, range,
speaking rate and timbre pick the closest espeak-ng variant, then Praat's "Change gender"
moves it toward the samples when that raises speaker similarity. With ElevenLabs configured
the samples make an instant clone instead (pipeline/voices/cloning.py). Drafts live in
services/voice_drafts.py. Each service that changes something commits once (a deleted
row's files go right after that commit).
"""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound, UnsupportedLanguage
from core.ports import StudioProgress
from core.project_options import VoiceChoice
from db.base import utcnow
from db.models import Voice, VoiceEngine
from db.queries import voices
from pipeline.speech.base import VoiceParams
from pipeline.speech.espeak import VOICES, EspeakSynth
from pipeline.speech.matched import with_voice_match
from pipeline.voices import cloning
from pipeline.voices.adjustment import adjust_match
from pipeline.voices.cloud import VoiceCloud
from pipeline.voices.errors import ConsentRequired
from pipeline.voices.match import match_voice
from pipeline.voices.opus import speak_voice_note
from pipeline.voices.samples import (
    draft_profile,
    draft_progress,
)
from pipeline.voices.settings import CLOUD_DEFAULTS, check_name, check_settings, check_test_phrase
from pipeline.wallet import Wallet
from services.plans import check_voice_slot
from storage.cleanup import remove_after_commit
from storage.disk import Storage
from storage.sync import pull_keys


async def create_voice(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    name: str,
    *,
    consent: bool,
    language: str = "ru",
    cloud: VoiceCloud | None = None,
    wallet: Wallet | None = None,
    on_progress: StudioProgress | None = None,
) -> Voice:
    """Make a voice from the draft samples: a stock espeak-ng match, not a clone; with
    `cloud`, an ElevenLabs instant clone (`cloning.clone_draft`) paid through `wallet`.
    `on_progress` hears the steps: the upload of a clone; a match's samples analysed, stock
    voices tried and pitch/formant shifts tried.

    The samples scoring at least GOOD_SCORE must hold MIN_SPEECH_S of speech; all draft
    samples move to the voice. The user's first voice becomes the default.

    Raises:
        VoiceNameInvalid, ConsentRequired, PlanLimitReached, UnsupportedLanguage,
        NotEnoughSpeech, PitchUnclear.
    """
    name = check_name(name)
    if not consent:
        raise ConsentRequired
    await check_voice_slot(session, user_id, now=utcnow())
    drafts = await voices.list_draft_samples(session, user_id)
    await pull_keys(storage, [sample.path for sample in drafts])  # on S3: from the bucket
    if cloud is not None:  # an ElevenLabs instant clone (see pipeline/voices/cloning.py)
        voice = await cloning.clone_draft(
            session, storage, cloud, user_id, name=name, language=language, wallet=wallet,
            on_progress=on_progress,
        )  # fmt: skip
    else:
        voice = await _match_draft(
            session, storage, user_id, name, language, on_progress=on_progress
        )
    if await voices.get_default_voice(session, user_id) is None:
        await voices.set_default_voice(session, voice)
    await session.commit()
    return voice


async def _match_draft(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    name: str,
    language: str,
    *,
    on_progress: StudioProgress | None,
) -> Voice:
    """The stock espeak-ng voice closest to the draft samples, adjusted toward them."""
    if language not in VOICES:
        raise UnsupportedLanguage(language=language, supported=", ".join(sorted(VOICES)))
    samples = await voices.list_draft_samples(session, user_id)
    progress = draft_progress(samples)
    profile = await draft_profile(storage, samples, on_progress)  # refuses one not ready
    match = await match_voice(profile, language, on_progress)
    adjustment = await adjust_match(storage, samples, match, language, on_progress)
    measured = {**profile.summary(), "kind": "stock-match", "match": match.summary()}
    measured |= adjustment.measured()
    return await voices.create_voice(
        session,
        user_id,
        name=name,
        engine=VoiceEngine.ESPEAK,
        params={**match.params(language), **adjustment.params(), **CLOUD_DEFAULTS},
        measured={**measured, "samples_used": progress.good_samples},
        consent_at=utcnow(),
    )


async def get_voice(session: AsyncSession, user_id: int, voice_id: int) -> Voice:
    """The user's voice. Raises NotFound, also for another user's voice."""
    voice = await voices.get_voice(session, voice_id, user_id)
    if voice is None:
        raise NotFound(what="voice")
    return voice


async def list_voices(session: AsyncSession, user_id: int) -> Sequence[Voice]:
    """The user's voices, the default first."""
    return await voices.list_voices(session, user_id)


async def speak_test(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    voice_id: int,
    text: str,
    *,
    cloud: VoiceCloud | None = None,
    wallet: Wallet | None = None,
) -> Path:
    """Speak `text` (at most MAX_TEST_CHARS) with the voice into an OGG/Opus voice note.

    The file is `users/<id>/voices/<voice_id>/test.ogg`, replaced by the next test. A clone
    speaks at `cloud` (CloningNotConfigured without it), paid through the user's `wallet`.
    """
    voice = await get_voice(session, user_id, voice_id)
    phrase = check_test_phrase(text)
    out = storage.user_dir(user_id) / "voices" / str(voice.id) / "test.ogg"
    return await speak_with_voice(voice, phrase, out, cloud=cloud, wallet=wallet)


async def speak_with_voice(
    voice: Voice,
    phrase: str,
    out: Path,
    *,
    changes: Mapping[str, float] | None = None,
    cloud: VoiceCloud | None = None,
    wallet: Wallet | None = None,
) -> Path:
    """Speak the checked `phrase` with the voice, its settings moved by `changes` (checked by
    `check_settings`) for this once, into the OGG/Opus voice note `out`."""
    if voice.engine is VoiceEngine.ELEVENLABS:
        return await cloning.speak_cloud_test(
            cloud, voice, phrase, out, wallet=wallet, changes=changes
        )
    options = voice_options(voice) | {
        key: value for key, value in (changes or {}).items() if key in ("speed", "pitch")
    }
    params = VoiceParams(options["name"], options["speed"], options["pitch"])
    synth = with_voice_match(EspeakSynth(), VoiceChoice.model_validate(options))
    return await speak_voice_note(phrase, voice.params["language"], params, out, synth)


async def update_voice_settings(
    session: AsyncSession,
    user_id: int,
    voice_id: int,
    *,
    speed: float | None = None,
    pitch: float | None = None,
    stability: float | None = None,
    similarity: float | None = None,
    cloud: VoiceCloud | None = None,
) -> Voice:
    """Change the voice's settings (None: keep). Speed 0.5-2.0, pitch -1..1, stability and
    similarity 0..1; the last two are stored for cloud engines and do not change offline speech.
    A clone's settings go to `cloud` first (speed 0.7-1.2 there).
    Raises NotFound, VoiceSettingOutOfRange or CloningFailed."""
    voice = await get_voice(session, user_id, voice_id)
    changes = check_settings(speed=speed, pitch=pitch, stability=stability, similarity=similarity)
    if voice.engine is VoiceEngine.ELEVENLABS:
        await cloning.push_settings(cloud, voice, changes)
    voice.params = {**voice.params, **changes}  # a new dict: in-place JSON edits go unnoticed
    await session.commit()
    return voice


async def set_default_voice(session: AsyncSession, user_id: int, voice_id: int) -> Voice:
    """Make the voice the user's default (new projects speak with it)."""
    voice = await get_voice(session, user_id, voice_id)
    await voices.set_default_voice(session, voice)
    await session.commit()
    return voice


async def delete_voice(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    voice_id: int,
    *,
    cloud: VoiceCloud | None = None,
) -> Voice:
    """Delete the voice, its samples and (after the commit) files; no other voice becomes the
    default. A clone is deleted at `cloud` first: if that fails the row stays (CloningFailed).
    Returns the deleted voice (its name and engine are still readable)."""
    voice = await get_voice(session, user_id, voice_id)
    if voice.engine is VoiceEngine.ELEVENLABS:
        await cloning.delete_clone(cloud, voice)
    folder = storage.relative(storage.user_dir(user_id) / "voices" / str(voice.id))
    paths = await voices.delete_voice(session, voice)
    remove_after_commit(session, storage, paths, folders=[folder])
    await session.commit()
    return voice


def voice_options(voice: Voice, language: str | None = None) -> dict[str, Any]:
    """What the pipeline's voice stage reads from `project.options.voice` (as a dict: a
    `VoiceChoice` validates it).

    With `language`, the matched variant is put on that language's espeak voice ("en-us+f3");
    otherwise the voice's own language is used. A clone speaks every language as itself.
    """
    if voice.engine is VoiceEngine.ELEVENLABS:
        return cloning.cloud_voice_options(voice)
    params = voice.params
    name = params["voice"]
    if language is not None and language != params.get("language") and language in VOICES:
        name = f"{VOICES[language]}+{params['variant']}"
    return {
        "engine": voice.engine.value,
        "voice_id": voice.id,
        "name": name,
        "speed": float(params["speed"]),
        "pitch": float(params["pitch"]),
        **({"transform": dict(params["transform"])} if "transform" in params else {}),
    }
