"""OpenAI transcription with the real SDK against the emulator: words, price, faults, the
fallback to offline Whisper, and the usage ledger."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from transcribe_samples import ENGLISH

from core.enums import StageName, UsageUnit
from core.settings import (
    OpenAISettings,
    ProvidersSettings,
    Settings,
    StorageSettings,
    TranscriptionSettings,
)
from db.models import UsageEntry
from db.queries import projects, users
from jobs.runtime import build_job_ctx
from pipeline.speech.base import Speech
from pipeline.transcribe.chain import FallbackTranscriber, build_transcriber
from pipeline.transcribe.errors import TranscriptionRejected, TranscriptionUnavailable
from pipeline.transcribe.openai_api import OpenAITranscriber
from pipeline.transcribe.service import transcribe_audio
from pipeline.wallet import Wallets
from tests.emulators.openai import DEFAULT_KEY, OpenAIEmulator

PRICE = 0.006


@pytest.fixture
async def openai_emu() -> AsyncIterator[OpenAIEmulator]:
    async with OpenAIEmulator(transcript=ENGLISH) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


def providers(emu: OpenAIEmulator, chain: str = "openai") -> ProvidersSettings:
    return ProvidersSettings(
        openai=OpenAISettings(base_url=emu.api_base, api_key=SecretStr(DEFAULT_KEY)),
        transcription=TranscriptionSettings(chain=chain, price_per_minute=PRICE),
    )


def openai_only(emu: OpenAIEmulator) -> OpenAITranscriber:
    settings = providers(emu)
    return OpenAITranscriber(settings.openai, settings.transcription)


async def test_words_duration_and_price(
    openai_emu: OpenAIEmulator, english_speech: Speech
) -> None:
    transcript = await openai_only(openai_emu).transcribe(english_speech.wav, "en")

    assert transcript.provider == "openai"
    assert transcript.text == ENGLISH
    assert [w.text for w in transcript.words] == [w.strip(".,") for w in ENGLISH.split()]
    assert transcript.duration == pytest.approx(english_speech.duration, abs=0.01)
    assert transcript.cost_usd == pytest.approx(transcript.duration / 60 * PRICE, abs=1e-6)
    record = openai_emu.requests.last("transcriptions")
    assert record.field_value("model") == "whisper-1"
    assert record.field_value("response_format") == "verbose_json"
    assert record.form["timestamp_granularities[]"] == ["word"]
    assert record.field_value("language") == "en"
    assert record.files[0].filename == "english.wav"
    assert record.auth == "ok"


@pytest.mark.parametrize(
    ("fault", "error", "transient"),
    [
        ("rate_limited", TranscriptionUnavailable, True),
        ("server_error", TranscriptionUnavailable, True),
        ("insufficient_quota", TranscriptionRejected, False),
        ("unauthorized", TranscriptionRejected, False),
    ],
)
async def test_faults_map_to_keyed_errors_without_a_retry_loop(
    openai_emu: OpenAIEmulator,
    english_speech: Speech,
    fault: str,
    error: type[Exception],
    transient: bool,
) -> None:
    getattr(openai_emu.faults, fault)("transcriptions")

    with pytest.raises(error) as caught:
        await openai_only(openai_emu).transcribe(english_speech.wav, "en")

    assert caught.value.transient is transient  # type: ignore[attr-defined]
    assert openai_emu.requests.count("transcriptions") == 1
    assert DEFAULT_KEY not in str(caught.value)


@pytest.mark.parametrize("fault", ["rate_limited", "server_error"])
async def test_chain_falls_back_to_offline_whisper(
    openai_emu: OpenAIEmulator, english_speech: Speech, fault: str
) -> None:
    getattr(openai_emu.faults, fault)("transcriptions", times=5)
    chain = build_transcriber(providers(openai_emu, "openai,whisper"))
    assert isinstance(chain, FallbackTranscriber)

    transcript = await chain.transcribe(english_speech.wav, "en")

    assert transcript.provider == "whisper"
    assert transcript.cost_usd == 0.0
    assert "hearts" in transcript.text
    assert openai_emu.requests.statuses("transcriptions") == [
        429 if fault == "rate_limited" else 500
    ]


async def test_each_call_is_a_ledger_row_of_audio_seconds(
    openai_emu: OpenAIEmulator,
    english_speech: Speech,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage_root: Path,
) -> None:
    settings = Settings(
        storage=StorageSettings(root=storage_root),
        providers=providers(openai_emu, "openai,whisper"),
    )
    ctx = build_job_ctx(settings, sessionmaker, notifier=None)  # type: ignore[arg-type]
    assert isinstance(ctx["providers"].transcriber, FallbackTranscriber)
    async with sessionmaker() as session:
        user = await users.get_or_create_local_user(session, "en")
        project = await projects.create_project(
            session, user.id, topic="Octopuses", language="en", target_duration=15,
            style="vivid", tone="friendly",
        )  # fmt: skip
        wallet = Wallets(sessionmaker, settings).of(
            user, project_id=project.id, stage=StageName.VOICE
        )
        audio = english_speech.wav
        first = await transcribe_audio(
            ctx, session, project, audio, StageName.VOICE, wallet=wallet
        )
        openai_emu.faults.server_error("transcriptions")
        second = await transcribe_audio(
            ctx, session, project, audio, StageName.VOICE, wallet=wallet
        )
        await session.flush()
        rows = (await session.scalars(select(UsageEntry).order_by(UsageEntry.id))).all()

    assert (first.provider, second.provider) == ("openai", "whisper")
    assert [(r.provider, r.unit, r.stage) for r in rows] == [
        ("openai", UsageUnit.AUDIO_SECONDS, StageName.VOICE),
        ("whisper", UsageUnit.AUDIO_SECONDS, StageName.VOICE),
    ]
    assert float(rows[0].quantity) == pytest.approx(first.duration)
    assert float(rows[0].cost_usd) == pytest.approx(first.duration / 60 * PRICE, abs=1e-6)
    assert float(rows[1].cost_usd) == 0.0
    assert rows[0].request_id is not None  # the paid call's, booked as it was answered
    assert rows[1].request_id is None
