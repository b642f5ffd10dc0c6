"""FallbackWriter, build_writer and the script stage's ledger, with the OpenAI emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import UsageUnit
from core.errors import InvalidInput
from core.settings import OpenAISettings, ProvidersSettings, Settings, StorageSettings
from db.models import UsageEntry
from db.queries import projects, scripts, users
from pipeline.context import JobCtx, Providers
from pipeline.ffmpeg.binary import find_ffmpeg
from pipeline.providers import build_writer
from pipeline.speech.registry import get_synth
from pipeline.stages import script as script_stage
from pipeline.writers.base import ScriptRequest, ScriptWriter
from pipeline.writers.chain import FallbackWriter
from pipeline.writers.errors import TopicEmpty
from pipeline.writers.llm import LLMWriter
from pipeline.writers.llm_errors import WriterRejected
from pipeline.writers.offline import TemplateWriter
from pipeline.writers.usage import write_script
from storage.disk import Storage
from tests.emulators.openai import DEFAULT_KEY, OpenAIEmulator
from tests.pipeline.stages.stage_support import RecordingNotifier

REQUEST = ScriptRequest(topic="Why octopuses are smart", language="en", duration=20)


@pytest.fixture
async def emu() -> AsyncIterator[OpenAIEmulator]:
    async with OpenAIEmulator() as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


def providers_settings(emu: OpenAIEmulator, key: str = DEFAULT_KEY) -> ProvidersSettings:
    return ProvidersSettings(
        script="openai, offline",
        openai=OpenAISettings(base_url=emu.api_base, api_key=SecretStr(key), timeout_s=10),
    )


def chain_for(emu: OpenAIEmulator, key: str = DEFAULT_KEY) -> ScriptWriter:
    writer = build_writer(providers_settings(emu, key))
    assert isinstance(writer, FallbackWriter)
    assert [type(w) for w in writer.writers] == [LLMWriter, TemplateWriter]
    return writer


async def test_the_first_writer_that_succeeds_produces_the_script(emu: OpenAIEmulator) -> None:
    written = await write_script(chain_for(emu), REQUEST)

    assert written.writer == "openai"
    assert [u.provider for u in written.usage] == ["openai"]
    assert written.usage[0].total_tokens > 0


async def test_malformed_twice_falls_back_to_offline(emu: OpenAIEmulator) -> None:
    emu.reply_with("{not json", '{"hook": "still not a script"}')

    written = await write_script(chain_for(emu), REQUEST)

    assert written.writer == "offline"
    assert written.draft == await TemplateWriter().write(REQUEST)
    (spent,) = written.usage  # the failed attempts still cost tokens
    assert spent.provider == "openai"
    assert spent.completion_tokens > 0
    assert emu.requests.count("chat") == 2


@pytest.mark.parametrize("fault", ["rate_limited", "server_error", "insufficient_quota"])
async def test_provider_errors_fall_back_to_offline(emu: OpenAIEmulator, fault: str) -> None:
    getattr(emu.faults, fault)("chat")

    written = await write_script(chain_for(emu), REQUEST)

    assert written.writer == "offline"
    assert emu.requests.count("chat") == 1


async def test_a_bad_key_falls_back_to_offline(emu: OpenAIEmulator) -> None:
    written = await write_script(chain_for(emu, key="sk-wrong"), REQUEST)

    assert written.writer == "offline"
    assert emu.requests.last("chat").status == 401


async def test_the_last_writers_error_is_raised(emu: OpenAIEmulator) -> None:
    settings = providers_settings(emu, key="sk-wrong")
    chain = FallbackWriter([build_writer(settings.model_copy(update={"script": "openai"}))] * 2)

    with pytest.raises(WriterRejected):
        await chain.write(REQUEST)
    assert emu.requests.count("chat") == 2


async def test_input_errors_are_not_fallen_back_on(emu: OpenAIEmulator) -> None:
    with pytest.raises(TopicEmpty):
        await chain_for(emu).write(REQUEST.model_copy(update={"topic": "🙂"}))
    assert emu.requests.count("chat") == 0


def test_openai_needs_a_key_only_for_openai_itself() -> None:
    with pytest.raises(InvalidInput, match="API_KEY"):
        build_writer(ProvidersSettings(script="openai,offline"))
    local = OpenAISettings(base_url="http://127.0.0.1:11434/v1")
    assert isinstance(build_writer(ProvidersSettings(script="openai", openai=local)), LLMWriter)
    assert isinstance(build_writer(ProvidersSettings()), TemplateWriter)
    with pytest.raises(InvalidInput, match="unknown"):
        build_writer(ProvidersSettings(script="offline,gpt5"))


async def run_stage(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage_root: Path,
    writer: ScriptWriter,
) -> tuple[int, list[UsageEntry], str]:
    storage = Storage(storage_root.resolve())
    ctx = JobCtx(
        settings=Settings(storage=StorageSettings(root=storage_root)),
        sessionmaker=sessionmaker,
        storage=storage,
        providers=Providers(writer=writer, synth=get_synth("espeak")),
        ffmpeg=find_ffmpeg(None),
        notifier=RecordingNotifier(),
    )
    user = await users.get_or_create_local_user(session, "en")
    project = await projects.create_project(
        session,
        user.id,
        topic=REQUEST.topic,
        language="en",
        target_duration=20,
        style="vivid",
        tone="friendly",
    )

    async def report(fraction: float) -> None:
        del fraction

    await script_stage.run(ctx, session, project, report)
    rows = await session.scalars(
        select(UsageEntry).where(UsageEntry.project_id == project.id).order_by(UsageEntry.id)
    )
    stored = await scripts.get_script_for_job(session, project.id)
    assert stored is not None
    return project.id, list(rows), stored.writer


async def test_the_stage_books_tokens_and_cost(
    emu: OpenAIEmulator,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage_root: Path,
) -> None:
    _, rows, writer = await run_stage(session, sessionmaker, storage_root, chain_for(emu))

    chats = emu.requests.to("chat")
    assert writer == "openai"
    assert len(rows) == len(chats)  # a row per chat call, booked as it was answered
    for row, chat in zip(rows, chats, strict=True):
        prompt, completion = chat.notes["prompt_tokens"], chat.notes["completion_tokens"]
        assert (row.provider, row.unit) == ("openai", UsageUnit.TOKENS)
        assert row.quantity == prompt + completion
        expected = (prompt * Decimal("0.15") + completion * Decimal("0.60")) / 1_000_000
        assert row.cost_usd == expected.quantize(Decimal("0.000001"))
        assert row.cost_usd > 0
        assert row.request_id is not None
        assert row.request_id.startswith("req_emu")


async def test_the_stage_names_the_fallback_writer_and_books_both(
    emu: OpenAIEmulator,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage_root: Path,
) -> None:
    emu.reply_with("{", "{")

    _, rows, writer = await run_stage(session, sessionmaker, storage_root, chain_for(emu))

    assert writer == "offline"
    assert [(r.provider, r.unit) for r in rows] == [
        ("openai", UsageUnit.TOKENS),  # the answer
        ("openai", UsageUnit.TOKENS),  # the repair
        ("offline", UsageUnit.CHARACTERS),
    ]
