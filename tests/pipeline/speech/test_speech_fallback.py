"""FallbackSynth and the registry's chains: ElevenLabs (emulated) first, espeak last."""

from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from structlog.testing import capture_logs

from core.enums import UsageUnit
from core.errors import InvalidInput
from core.settings import ElevenLabsSettings, ProvidersSettings, Settings
from db.models import UsageEntry
from pipeline.providers import build_providers
from pipeline.speech.base import VoiceParams
from pipeline.speech.elevenlabs import ElevenLabsSynth
from pipeline.speech.errors import UnknownEngine
from pipeline.speech.espeak import EspeakSynth
from pipeline.speech.fallback import FallbackSynth, speech_cost
from pipeline.speech.registry import get_synth
from pipeline.stages.voice import _meter
from pipeline.wallet import Wallets
from tests.db.factories import Factory, ProjectFactory, UserFactory
from tests.emulators.elevenlabs import DEFAULT_KEY, ElevenLabsEmulator

RACHEL = "21m00Tcm4TlvDq8ikWAM"
TEXT = "Foxes hide their food for winter."


def account(emulator: ElevenLabsEmulator, key: str = DEFAULT_KEY) -> ElevenLabsSettings:
    return ElevenLabsSettings(
        base_url=emulator.base_url, api_key=SecretStr(key), voice_id=RACHEL, timeout_s=10
    )


def chain(settings: ElevenLabsSettings) -> FallbackSynth:
    synth = get_synth("elevenlabs,espeak", elevenlabs=settings)
    assert isinstance(synth, FallbackSynth)
    first = synth.engines[0]
    assert isinstance(first, ElevenLabsSynth)
    first.max_retries = 0  # fall back at once instead of waiting out the SDK's backoff
    return synth


@pytest.fixture
async def eleven_emu() -> AsyncIterator[ElevenLabsEmulator]:
    async with ElevenLabsEmulator() as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


async def test_elevenlabs_speaks_first(eleven_emu: ElevenLabsEmulator, tmp_path: Path) -> None:
    synth = chain(account(eleven_emu))

    speech = await synth.synthesize(TEXT, "en", VoiceParams(voice=RACHEL), tmp_path / "v.wav")

    assert synth.name == "elevenlabs,espeak"
    assert speech.engine == "elevenlabs"
    assert eleven_emu.characters_billed == len(TEXT)
    assert speech_cost(synth, speech.engine, len(TEXT)) == pytest.approx(len(TEXT) * 0.0003)


@pytest.mark.parametrize(
    "inject",
    [
        lambda emu: emu.faults.system_busy("tts_timestamps"),
        lambda emu: emu.faults.server_error("tts_timestamps", 500),
        lambda emu: emu.faults.quota_exceeded("tts_timestamps"),
    ],
    ids=["429", "500", "quota_exceeded"],
)
async def test_provider_failures_fall_back_to_espeak(
    eleven_emu: ElevenLabsEmulator, tmp_path: Path, inject: object
) -> None:
    assert callable(inject)
    inject(eleven_emu)
    synth = chain(account(eleven_emu))

    with capture_logs() as logs:
        speech = await synth.synthesize(TEXT, "en", VoiceParams(voice=RACHEL), tmp_path / "v.wav")

    assert speech.engine == "espeak"  # the ElevenLabs voice id was not handed to espeak
    assert [w.text for w in speech.words] == TEXT.split()
    assert (tmp_path / "v.wav").exists()
    assert eleven_emu.characters_billed == 0
    assert speech_cost(synth, speech.engine, len(TEXT)) == 0.0
    [event] = [e for e in logs if e["event"] == "speech.fallback"]
    assert event["engine"] == "elevenlabs"
    assert event["error"] in {"error-tts-unavailable", "error-tts-rejected"}


async def test_bad_key_falls_back_without_logging_it(
    eleven_emu: ElevenLabsEmulator, tmp_path: Path
) -> None:
    synth = chain(account(eleven_emu, key="sk-wrong-secret"))

    with capture_logs() as logs:
        speech = await synth.synthesize("Привет, мир!", "ru", VoiceParams(), tmp_path / "v.wav")

    assert speech.engine == "espeak"
    assert eleven_emu.requests.last().auth == "bad"
    assert logs
    assert "sk-wrong-secret" not in repr(logs)
    assert logs[0]["transient"] is False


async def test_input_errors_do_not_fall_back(
    eleven_emu: ElevenLabsEmulator, tmp_path: Path
) -> None:
    synth = chain(account(eleven_emu))
    with capture_logs() as logs, pytest.raises(InvalidInput):
        await synth.synthesize("  !!  ", "en", VoiceParams(), tmp_path / "v.wav")
    assert not logs


def test_registry_names_and_chains() -> None:
    assert isinstance(get_synth("espeak"), EspeakSynth)
    assert isinstance(get_synth("elevenlabs"), ElevenLabsSynth)
    rhvoice_chain = get_synth("elevenlabs, rhvoice")
    assert isinstance(rhvoice_chain, FallbackSynth)
    assert rhvoice_chain.name == "elevenlabs,rhvoice,espeak"  # always ends offline
    with pytest.raises(UnknownEngine, match="'piper'"):
        get_synth("elevenlabs,piper")


def test_providers_pass_the_elevenlabs_settings() -> None:
    settings = ProvidersSettings(
        tts="elevenlabs,espeak",
        elevenlabs=ElevenLabsSettings(voice_id=RACHEL, price_per_1k_chars=0.5),
    )
    synth = build_providers(settings).synth

    assert isinstance(synth, FallbackSynth)
    first = synth.engines[0]
    assert isinstance(first, ElevenLabsSynth)
    assert first.settings.voice_id == RACHEL
    assert synth.languages() >= {"ru", "en"}
    assert speech_cost(synth, "elevenlabs", 1000) == pytest.approx(0.5)


@pytest.mark.parametrize(
    "case",
    [(False, "elevenlabs", Decimal("0.0099")), (True, "espeak", Decimal(0))],  # 33 chars, $0.30/1k
    ids=["elevenlabs", "fell-back"],
)
async def test_voice_stage_meters_the_engine_that_spoke(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    eleven_emu: ElevenLabsEmulator,
    tmp_path: Path,
    case: tuple[bool, str, Decimal],
) -> None:
    """ElevenLabs' characters are booked by the wallet as it answers (with its request id),
    a free engine's by the stage; the seconds of speech always by the stage."""
    fault, spoke, cost = case
    Factory.bind(session)
    try:
        user = await UserFactory.create_async()
        project = await ProjectFactory.create_async(user_id=user.id)
    finally:
        Factory.bind(None)
    if fault:
        eleven_emu.faults.server_error("tts_timestamps")
    synth = chain(account(eleven_emu))
    wallet = Wallets(sessionmaker, Settings()).of(user, project_id=project.id)
    speech = await synth.synthesize(TEXT, "en", VoiceParams(), tmp_path / "v.wav", wallet=wallet)

    await _meter(session, project, TEXT, speech)

    rows = (
        await session.scalars(select(UsageEntry).where(UsageEntry.project_id == project.id))
    ).all()
    by_unit = {row.unit: row for row in rows}
    assert {row.provider for row in rows} == {spoke}
    assert by_unit[UsageUnit.CHARACTERS].quantity == len(TEXT)
    assert by_unit[UsageUnit.CHARACTERS].cost_usd == cost
    assert by_unit[UsageUnit.AUDIO_SECONDS].cost_usd == 0
    paid = by_unit[UsageUnit.CHARACTERS].request_id
    assert (paid is not None) is (spoke == "elevenlabs")
