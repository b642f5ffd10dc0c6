"""Clones that cannot be made, tuned or deleted: too little speech, the provider's refusals,
ElevenLabs down while deleting, another user's voice, no account configured."""

from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from core.settings import ElevenLabsSettings, ProvidersSettings
from db.models import UsageEntry, User, Voice
from pipeline.voices.cloud import VoiceCloud, voice_cloud
from services import voice_drafts, voice_studio
from storage.disk import Storage
from tests.emulators.elevenlabs import ElevenLabsEmulator

CloudFactory = Callable[..., VoiceCloud]


async def test_too_little_clear_speech_uploads_nothing(
    *,
    session: AsyncSession,
    storage: Storage,
    user: User,
    female_wav: Path,
    damaged_copies: dict[str, Path],
    eleven_emu: ElevenLabsEmulator,
    make_cloud: CloudFactory,
) -> None:
    cloud = make_cloud()  # 60 s
    sample = await voice_drafts.add_voice_sample(session, storage, user.id, female_wav, mime=None)
    for _ in range(3):  # noisy recordings do not count towards the minute
        await voice_drafts.add_voice_sample(
            session, storage, user.id, damaged_copies["noisy"], mime=None
        )
    have = sample.metrics["speech_s"]

    with pytest.raises(DomainError) as caught:
        await voice_studio.create_voice(
            session, storage, user.id, "Me", consent=True, language="ru", cloud=cloud
        )

    assert caught.value.key == "error-voice-not-enough-speech"
    params = caught.value.params
    assert params["min_s"] == 60
    assert params["have_s"] == pytest.approx(have, abs=0.1)
    assert params["need_s"] == pytest.approx(60 - have, abs=1)
    assert f"about {params['need_s']} s more (60 s in total)" in str(caught.value)
    assert len(eleven_emu.requests) == 0
    assert len(await voice_drafts.list_draft_samples(session, user.id)) == 4
    offline = await voice_drafts.get_draft_progress(session, user.id)
    cloud_progress = await voice_drafts.get_draft_progress(session, user.id, cloud=cloud)
    assert (offline.ready, cloud_progress.missing_s) == (True, params["need_s"])


async def test_consent_comes_before_any_upload(
    *,
    session: AsyncSession,
    storage: Storage,
    user: User,
    female_wav: Path,
    eleven_emu: ElevenLabsEmulator,
    quick_cloud: VoiceCloud,
) -> None:
    await voice_drafts.add_voice_sample(session, storage, user.id, female_wav, mime=None)
    with pytest.raises(DomainError) as caught:
        await voice_studio.create_voice(
            session, storage, user.id, "Me", consent=False, cloud=quick_cloud
        )
    assert caught.value.key == "error-voice-consent-required"
    assert len(eleven_emu.requests) == 0


@pytest.mark.parametrize(
    ("refuse", "key", "transient"),
    [
        (lambda emu: None, "error-clone-bad-key", False),
        (lambda emu: setattr(emu.state, "voice_limit", 0), "error-clone-voice-limit", False),
        (
            lambda emu: setattr(emu.state, "can_use_instant_voice_cloning", False),
            "error-clone-not-allowed",
            False,
        ),
        (lambda emu: emu.faults.quota_exceeded("ivc"), "error-clone-quota", False),
        (lambda emu: emu.faults.server_error("ivc", 503), "error-clone-unavailable", True),
        (lambda emu: emu.faults.system_busy("ivc"), "error-clone-unavailable", True),
    ],
    ids=["bad_key", "voice_limit", "no_ivc_on_plan", "quota", "503", "busy"],
)
async def test_provider_refusals_keep_the_draft(
    *,
    session: AsyncSession,
    storage: Storage,
    user: User,
    female_wav: Path,
    eleven_emu: ElevenLabsEmulator,
    make_cloud: CloudFactory,
    refuse: Callable[[ElevenLabsEmulator], object],
    key: str,
    transient: bool,
) -> None:
    refuse(eleven_emu)
    api_key = "xi-wrong" if key == "error-clone-bad-key" else "xi-test-emulator"
    cloud = make_cloud(key=api_key, min_speech_s=10.0)
    await voice_drafts.add_voice_sample(session, storage, user.id, female_wav, mime=None)

    with pytest.raises(DomainError) as caught:
        await voice_studio.create_voice(
            session, storage, user.id, "Me", consent=True, language="en", cloud=cloud
        )

    assert (caught.value.key, caught.value.transient) == (key, transient)
    assert "xi-" not in str(caught.value)  # the key never reaches a message
    assert eleven_emu.requests.count("ivc") == 1  # creation is never retried blindly
    assert [v.category for v in eleven_emu.voices.values()].count("cloned") == 0
    assert await voice_studio.list_voices(session, user.id) == []
    assert len(await voice_drafts.list_draft_samples(session, user.id)) == 1
    assert (await session.scalars(select(UsageEntry))).all() == []


async def test_provider_down_on_delete_keeps_the_voice(
    *,
    session: AsyncSession,
    storage: Storage,
    user: User,
    clone: Voice,
    eleven_emu: ElevenLabsEmulator,
    quick_cloud: VoiceCloud,
) -> None:
    eleven_emu.faults.server_error("delete_voice", 503)
    with pytest.raises(DomainError) as caught:
        await voice_studio.delete_voice(session, storage, user.id, clone.id, cloud=quick_cloud)
    await session.commit()
    assert (caught.value.key, caught.value.transient) == ("error-clone-unavailable", True)
    assert clone.provider_voice_id in eleven_emu.voices
    assert await voice_studio.get_voice(session, user.id, clone.id) is clone
    sample_files = list((storage.user_dir(user.id) / "voices" / "samples").iterdir())
    assert len(sample_files) == 1

    unreachable = VoiceCloud(
        ElevenLabsSettings(base_url="http://127.0.0.1:9", api_key=SecretStr("k"), timeout_s=5)
    )
    with pytest.raises(DomainError) as offline:
        await voice_studio.delete_voice(session, storage, user.id, clone.id, cloud=unreachable)
    assert (offline.value.key, offline.value.transient) == ("error-clone-unavailable", True)

    await voice_studio.delete_voice(session, storage, user.id, clone.id, cloud=quick_cloud)
    await session.commit()
    assert clone.provider_voice_id not in eleven_emu.voices
    assert await voice_studio.list_voices(session, user.id) == []
    assert eleven_emu.requests.statuses("delete_voice") == [503, 200]


async def test_a_clone_already_gone_at_elevenlabs_is_still_deleted(
    *,
    session: AsyncSession,
    storage: Storage,
    user: User,
    clone: Voice,
    eleven_emu: ElevenLabsEmulator,
    quick_cloud: VoiceCloud,
) -> None:
    del eleven_emu.voices[str(clone.provider_voice_id)]
    with pytest.raises(DomainError) as caught:
        await voice_studio.update_voice_settings(
            session, user.id, clone.id, stability=0.2, cloud=quick_cloud
        )
    assert caught.value.key == "error-clone-missing"
    assert clone.params["stability"] == 0.5

    await voice_studio.delete_voice(session, storage, user.id, clone.id, cloud=quick_cloud)
    assert eleven_emu.requests.statuses("delete_voice") == [404]
    assert await voice_studio.list_voices(session, user.id) == []


async def test_another_users_clone_is_not_found_and_nothing_is_sent(
    *,
    session: AsyncSession,
    storage: Storage,
    stranger: User,
    clone: Voice,
    eleven_emu: ElevenLabsEmulator,
    quick_cloud: VoiceCloud,
) -> None:
    calls = len(eleven_emu.requests)
    attempts = [
        voice_studio.delete_voice(session, storage, stranger.id, clone.id, cloud=quick_cloud),
        voice_studio.update_voice_settings(
            session, stranger.id, clone.id, stability=0.1, cloud=quick_cloud
        ),
        voice_studio.speak_test(session, storage, stranger.id, clone.id, "Hi", cloud=quick_cloud),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as caught:
            await attempt
        assert caught.value.key == "error-not-found"
    assert len(eleven_emu.requests) == calls
    assert clone.provider_voice_id in eleven_emu.voices


async def test_out_of_range_speed_and_no_account_change_nothing(
    *,
    session: AsyncSession,
    storage: Storage,
    user: User,
    clone: Voice,
    eleven_emu: ElevenLabsEmulator,
    quick_cloud: VoiceCloud,
) -> None:
    with pytest.raises(DomainError) as fast:
        await voice_studio.update_voice_settings(
            session, user.id, clone.id, speed=1.5, cloud=quick_cloud
        )
    assert fast.value.key == "error-voice-setting-range"
    assert (fast.value.params["low"], fast.value.params["high"]) == (0.7, 1.2)
    for attempt in (
        voice_studio.delete_voice(session, storage, user.id, clone.id),
        voice_studio.speak_test(session, storage, user.id, clone.id, "Hello"),
        voice_studio.update_voice_settings(session, user.id, clone.id, stability=0.2),
    ):
        with pytest.raises(DomainError) as caught:
            await attempt
        assert caught.value.key == "error-clone-not-configured"
    assert eleven_emu.requests.count("edit_settings") == 0
    assert eleven_emu.requests.count("delete_voice") == 0
    assert clone.params["speed"] == 1.0
    assert await voice_studio.get_voice(session, user.id, clone.id) is clone


def test_cloning_needs_elevenlabs_in_the_chain_and_a_key() -> None:
    key = ElevenLabsSettings(api_key=SecretStr("xi-key"))
    assert voice_cloud(ProvidersSettings(tts="espeak", elevenlabs=key)) is None
    assert voice_cloud(ProvidersSettings(tts="elevenlabs,espeak")) is None
    empty = ElevenLabsSettings(api_key=SecretStr(""))
    assert voice_cloud(ProvidersSettings(tts="elevenlabs", elevenlabs=empty)) is None
    made = voice_cloud(ProvidersSettings(tts="elevenlabs, espeak", elevenlabs=key))
    assert made is not None
    assert made.min_speech_s == 60
