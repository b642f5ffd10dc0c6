"""A clone end to end through the real `elevenlabs` SDK and the emulator: samples uploaded,
a test phrase, settings pushed, a project spoken with the clone, then deleted everywhere."""

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from studio_media import read_wav, write_wav

from core.enums import StageName, UsageUnit
from core.errors import DomainError
from core.ports import SilentNotifier
from core.settings import ElevenLabsSettings, ProvidersSettings, Settings, StorageSettings
from db.models import UsageEntry, User, Voice, VoiceEngine, VoiceSample
from jobs.runtime import build_job_ctx
from pipeline.context import JobCtx
from pipeline.stage_runner import run_stage
from pipeline.stages import script, voice
from pipeline.voices.cloud import VoiceCloud
from pipeline.voices.decode import decode_audio
from pipeline.wallet import Wallets
from services import voice_drafts, voice_studio
from services.projects import ProjectRequest, create_project
from storage.disk import Storage
from tests.emulators.elevenlabs import ElevenLabsEmulator

pytestmark = pytest.mark.timeout(120)


async def no_report(fraction: float) -> None:
    pass


async def ledger(session: AsyncSession, user: User) -> list[UsageEntry]:
    statement = select(UsageEntry).where(UsageEntry.user_id == user.id).order_by(UsageEntry.id)
    return list((await session.scalars(statement)).all())


async def record_a_minute(
    session: AsyncSession, storage: Storage, user: User, sample: Path, cloud: VoiceCloud
) -> list[VoiceSample]:
    """Add the ~12 s recording until the draft holds the clone's minute of speech."""
    added: list[VoiceSample] = []
    while not (await voice_drafts.get_draft_progress(session, user.id, cloud=cloud)).ready:
        added.append(
            await voice_drafts.add_voice_sample(session, storage, user.id, sample, mime=None)
        )
        assert len(added) <= 8
    return added


def job_ctx(
    sessionmaker: async_sessionmaker[AsyncSession], storage: Storage, eleven: ElevenLabsSettings
) -> JobCtx:
    """The worker's context with ElevenLabs first in the speech chain."""
    providers = ProvidersSettings(tts="elevenlabs,espeak", elevenlabs=eleven)
    settings = Settings(storage=StorageSettings(root=storage.root), providers=providers)
    return build_job_ctx(settings, sessionmaker, SilentNotifier())


def check_upload(emulator: ElevenLabsEmulator, storage: Storage, added: list[VoiceSample]) -> None:
    """One multipart upload: the name, the language label, every stored recording."""
    upload = emulator.requests.last("ivc")
    assert emulator.requests.count("ivc") == 1
    assert upload.form["name"] == ["My clone"]
    assert json.loads(upload.form["labels"][0]) == {"language": "ru"}
    assert upload.form["remove_background_noise"] == ["false"]  # clean recordings
    sizes = [storage.resolve(sample.path).stat().st_size for sample in added]
    assert upload.file_sizes("files") == sizes


async def speak_project(
    ctx: JobCtx, session: AsyncSession, user: User, voice_options: dict[str, Any]
) -> int:
    """A project with this voice through the script and voice stages."""
    request = ProjectRequest(topic="Как варить кофе", duration=15, voice=voice_options)
    project = await create_project(session, ctx["storage"], user.id, request)
    await run_stage(ctx, session, project, StageName.SCRIPT, fn=script.run, report=no_report)
    await voice.run(ctx, session, project, no_report)
    return project.id


async def test_clone_speaks_is_tuned_speaks_a_project_and_is_deleted(
    *,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    user: User,
    female_wav: Path,
    eleven_emu: ElevenLabsEmulator,
    eleven_account: ElevenLabsSettings,
    make_cloud: Any,
) -> None:
    cloud: VoiceCloud = make_cloud()  # the real 60 s minimum
    wallet = Wallets(sessionmaker, Settings()).of(user)
    added = await record_a_minute(session, storage, user, female_wav, cloud)
    made = await voice_studio.create_voice(
        session,
        storage,
        user.id,
        "My clone",
        consent=True,
        language="ru",
        cloud=cloud,
        wallet=wallet,
    )

    provider_id = made.provider_voice_id
    assert provider_id is not None
    check_upload(eleven_emu, storage, added)
    assert eleven_emu.voices[provider_id].category == "cloned"
    assert (made.engine, made.is_default, made.name) == (VoiceEngine.ELEVENLABS, True, "My clone")
    assert made.consent_at is not None
    assert made.params == {
        "language": "ru",
        "speed": 1.0,
        "pitch": 0.0,
        "stability": 0.5,
        "similarity": 0.75,
    }
    assert made.measured["kind"] == "clone"
    assert made.measured["samples_used"] == len(added)
    assert made.measured["speech_s"] >= 60
    assert await voice_drafts.list_draft_samples(session, user.id) == []
    (entry,) = await ledger(session, user)
    assert (entry.provider, entry.unit) == ("elevenlabs:ivc", UsageUnit.AUDIO_SECONDS)
    assert float(entry.quantity) == pytest.approx(sum(s.duration_s for s in added), abs=0.01)
    assert entry.request_id == provider_id

    phrase = "Привет! Так звучит мой клон, когда я читаю сценарий для нового ролика."
    note = await voice_studio.speak_test(
        session, storage, user.id, made.id, phrase, cloud=cloud, wallet=wallet
    )
    assert (decode_audio(note).container, decode_audio(note).codec) == ("ogg", "opus")
    test_call = eleven_emu.requests.last("tts_timestamps")
    assert test_call.notes["voice_id"] == provider_id
    sent = {"stability": 0.5, "similarity_boost": 0.75, "speed": 1.0}
    assert test_call.json["voice_settings"] == sent
    assert (await ledger(session, user))[-1].unit == UsageUnit.CHARACTERS

    tuned = await voice_studio.update_voice_settings(
        session, user.id, made.id, stability=0.3, similarity=0.9, speed=1.1, cloud=cloud
    )
    stored = eleven_emu.voices[provider_id].settings
    assert (stored["stability"], stored["similarity_boost"], stored["speed"]) == (0.3, 0.9, 1.1)
    assert (tuned.params["stability"], tuned.params["similarity"]) == (0.3, 0.9)

    ctx = job_ctx(sessionmaker, storage, eleven_account)
    before = eleven_emu.requests.count("tts_timestamps")
    project_id = await speak_project(ctx, session, user, voice_studio.voice_options(tuned, "en"))
    project_calls = eleven_emu.requests.to("tts_timestamps")[before:]
    assert project_calls
    for call in project_calls:
        assert call.notes["voice_id"] == provider_id
        assert call.json["voice_settings"]["stability"] == 0.3
        assert call.json["voice_settings"]["similarity_boost"] == 0.9
    spoken = [e for e in await ledger(session, user) if e.project_id == project_id]
    assert {e.provider for e in spoken if e.stage is StageName.VOICE} == {"elevenlabs"}

    deleted = await voice_studio.delete_voice(session, storage, user.id, made.id, cloud=cloud)
    await session.commit()
    assert deleted.provider_voice_id == provider_id
    assert eleven_emu.requests.last("delete_voice").path == f"/v1/voices/{provider_id}"
    assert provider_id not in eleven_emu.voices
    assert (await session.scalars(select(Voice))).all() == []
    assert (await session.scalars(select(VoiceSample))).all() == []
    assert not any((storage.user_dir(user.id) / "voices").rglob("*.*"))


async def test_slightly_noisy_recordings_ask_elevenlabs_to_remove_the_noise(
    *,
    session: AsyncSession,
    storage: Storage,
    user: User,
    female_wav: Path,
    media: Path,
    eleven_emu: ElevenLabsEmulator,
    quick_cloud: VoiceCloud,
) -> None:
    rate, speech = read_wav(female_wav)
    hiss = np.random.default_rng(3).normal(0.0, 0.02, speech.size)
    noisy = write_wav(media / "light_hiss.wav", rate, speech + hiss)
    sample = await voice_drafts.add_voice_sample(session, storage, user.id, noisy, mime=None)
    assert sample.score >= 0.5  # good enough to count...
    assert sample.metrics["snr_db"] < 25  # ...but not clean

    made = await voice_studio.create_voice(
        session, storage, user.id, "Hiss", consent=True, language="en", cloud=quick_cloud
    )

    assert eleven_emu.requests.last("ivc").form["remove_background_noise"] == ["true"]
    assert eleven_emu.voices[str(made.provider_voice_id)].remove_background_noise
    assert made.measured["remove_background_noise"] is True
    assert made.params["language"] == "en"


async def test_the_account_reads_and_lists_its_clones(
    clone: Voice, quick_cloud: VoiceCloud
) -> None:
    provider_id = str(clone.provider_voice_id)

    read = await quick_cloud.get(provider_id)
    listed = await quick_cloud.list_clones()

    assert (read.voice_id, read.name, read.category) == (provider_id, "Clone", "cloned")
    assert read.settings == {"stability": 0.5, "similarity": 0.75, "speed": 1.0}
    assert [v.voice_id for v in listed] == [provider_id]  # premade voices left out
    assert await quick_cloud.delete(provider_id) is True
    assert await quick_cloud.delete(provider_id) is False  # already gone
    with pytest.raises(DomainError) as caught:
        await quick_cloud.get(provider_id)
    assert caught.value.key == "error-clone-missing"
