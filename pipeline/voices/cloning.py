"""Voice Studio with ElevenLabs: the draft samples become an instant clone, whose settings,
test phrases and deletion go through the provider. `voice_studio` calls these when the
voice is (or will be) a cloud voice; services flush and never commit.
"""

from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import UsageUnit
from core.errors import UnsupportedLanguage
from core.ports import StudioProgress, StudioStep
from db.base import utcnow
from db.models import Voice, VoiceEngine
from db.queries import voices
from pipeline.speech.base import VoiceParams
from pipeline.speech.elevenlabs import LANGUAGES, SPEED_RANGE
from pipeline.voices.cloud import VoiceCloud
from pipeline.voices.cloud_errors import CloneMissing, CloningFailed, CloningNotConfigured
from pipeline.voices.errors import NotEnoughSpeech, VoiceSettingOutOfRange
from pipeline.voices.opus import speak_voice_note
from pipeline.voices.quality import GOOD_SCORE, SNR_DB
from pipeline.voices.samples import draft_progress
from pipeline.voices.settings import CLOUD_DEFAULTS
from pipeline.wallet import Wallet, paid_call
from storage.disk import Storage

log = structlog.get_logger(__name__)

CLONE_USAGE_PROVIDER = "elevenlabs:ivc"  # apart from TTS, which bills "elevenlabs"
# Instant cloning is part of the ElevenLabs plan (it takes a voice slot, not credits); the
# ceiling still refuses it once the day's spending is used up.
CLONE_COST_USD = 0.0


async def clone_draft(
    session: AsyncSession,
    storage: Storage,
    cloud: VoiceCloud,
    user_id: int,
    *,
    name: str,
    language: str,
    wallet: Wallet | None,
    on_progress: StudioProgress | None = None,
) -> Voice:
    """Clone the user's good draft samples at ElevenLabs and store the voice (consent is
    checked by the caller). Nothing is uploaded unless they hold `cloud.min_speech_s`. The
    upload is a paid call: `wallet` checks the daily spend ceiling first and records it as
    soon as ElevenLabs answers (None: neither, as in tests). `on_progress` hears the upload
    start (UPLOAD, 0, recordings): one request that sends them all and makes the clone.

    Raises:
        UnsupportedLanguage, NotEnoughSpeech, DailySpendExceeded, CloningFailed (and its
        subclasses).
    """
    if language not in LANGUAGES:
        raise UnsupportedLanguage(language=language, supported=", ".join(sorted(LANGUAGES)))
    samples = await voices.list_draft_samples(session, user_id)
    progress = draft_progress(samples, cloud.min_speech_s)
    if not progress.ready:
        raise NotEnoughSpeech(
            have_s=progress.speech_s, need_s=progress.missing_s, min_s=round(cloud.min_speech_s)
        )
    good = [sample for sample in samples if sample.score >= GOOD_SCORE]
    # ElevenLabs' noise removal makes clean recordings worse: only ask for it when needed.
    noisy = any(float(s.metrics.get("snr_db", 60.0)) < SNR_DB[1] for s in good)
    uploaded_s = round(sum(sample.duration_s for sample in good), 2)
    async with paid_call(wallet, CLONE_USAGE_PROVIDER, CLONE_COST_USD) as call:
        if on_progress is not None:  # after the ceiling's check: nothing is said if refused
            await on_progress(StudioStep.UPLOAD, 0, len(good))
        provider_id = await cloud.clone(
            name,
            [storage.resolve(sample.path) for sample in good],
            language=language,
            remove_background_noise=noisy,
            description=f"Shorts Factory voice of user #{user_id}",
        )
        await call.record(
            UsageUnit.AUDIO_SECONDS, uploaded_s, CLONE_COST_USD, request_id=provider_id
        )
    measured = {
        "kind": "clone",
        "provider": cloud.name,
        "samples_used": len(good),
        "speech_s": progress.speech_s,
        "uploaded_s": uploaded_s,
        "remove_background_noise": noisy,
    }
    try:
        voice = await voices.create_voice(
            session,
            user_id,
            name=name,
            engine=VoiceEngine.ELEVENLABS,
            params={"language": language, "speed": 1.0, "pitch": 0.0, **CLOUD_DEFAULTS},
            measured=measured,
            consent_at=utcnow(),
            provider_voice_id=provider_id,
        )
    except SQLAlchemyError:
        # The clone holds a voice slot at ElevenLabs: give it back before giving up (if that
        # fails too, the log names the orphan and the database error still surfaces).
        log.warning("voice.clone_orphaned", provider_voice_id=provider_id)
        with suppress(CloningFailed):
            await cloud.delete(provider_id)
        raise
    if await voices.get_default_voice(session, user_id) is None:
        await voices.set_default_voice(session, voice)
    log.info("voice.cloned", voice_id=voice.id, samples=len(good), seconds=uploaded_s)
    return voice


def cloud_voice_options(voice: Voice) -> dict[str, Any]:
    """`project.options["voice"]` for a clone: the provider's id and the stored settings."""
    params = voice.params
    return {
        "engine": voice.engine.value,
        "voice_id": voice.id,
        "name": voice.provider_voice_id,
        "speed": float(params.get("speed", 1.0)),
        "pitch": 0.0,  # ElevenLabs has no pitch setting
        "stability": float(params.get("stability", CLOUD_DEFAULTS["stability"])),
        "similarity": float(params.get("similarity", CLOUD_DEFAULTS["similarity"])),
    }


async def push_settings(cloud: VoiceCloud | None, voice: Voice, changes: dict[str, float]) -> None:
    """Store the clone's changed settings at ElevenLabs first (so a refusal changes nothing).

    Raises:
        VoiceSettingOutOfRange: a speed outside the API's 0.7-1.2.
        CloningNotConfigured, CloneMissing, CloningFailed.
    """
    if cloud is None:
        raise CloningNotConfigured
    _check_cloud_speed(changes)
    options = cloud_voice_options(voice) | changes
    await cloud.update_settings(
        _provider_id(voice),
        stability=options["stability"],
        similarity=options["similarity"],
        speed=options["speed"],
    )


async def delete_clone(cloud: VoiceCloud | None, voice: Voice) -> None:
    """Delete the clone at ElevenLabs; one it no longer has counts as deleted.

    Raises:
        CloningNotConfigured, CloningUnavailable (transient: keep the row and retry later).
    """
    if voice.provider_voice_id is None:
        return
    if cloud is None:
        raise CloningNotConfigured
    existed = await cloud.delete(voice.provider_voice_id)
    log.info("voice.clone_deleted", voice_id=voice.id, existed=existed)


async def speak_cloud_test(
    cloud: VoiceCloud | None,
    voice: Voice,
    phrase: str,
    out: Path,
    *,
    wallet: Wallet | None,
    changes: Mapping[str, float] | None = None,
) -> Path:
    """Speak `phrase` with the clone into the OGG/Opus voice note `out`; the characters are
    paid through `wallet` (the ceiling first, the ledger as soon as ElevenLabs answers) and
    the same phrase again with the same settings comes from the speech cache, free."""
    if cloud is None:
        raise CloningNotConfigured
    _check_cloud_speed(changes or {})
    options = cloud_voice_options(voice) | dict(changes or {})  # `changes`: this phrase only
    params = VoiceParams(
        voice=_provider_id(voice),
        speed=options["speed"],
        stability=options["stability"],
        similarity=options["similarity"],
    )
    language = str(voice.params.get("language", "en"))
    return await speak_voice_note(
        phrase, language, params, out, synth=cloud.synth(), wallet=wallet
    )


def _check_cloud_speed(changes: Mapping[str, float]) -> None:
    low, high = SPEED_RANGE
    speed = changes.get("speed")
    if speed is not None and not low <= speed <= high:
        raise VoiceSettingOutOfRange(setting="speed", low=low, high=high, value=speed)


def _provider_id(voice: Voice) -> str:
    if voice.provider_voice_id is None:
        raise CloneMissing(voice=f"#{voice.id}")
    return voice.provider_voice_id
