"""A batch's estimate: time from this install's measured speed, cost from the configured
prices (the stages' own per-call estimates), and what recent Shorts really cost."""

import json
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import STAGE_ORDER, ProjectStatus, StageStatus, UsageUnit
from core.provider_settings import (
    ElevenLabsSettings,
    FalSettings,
    OpenAISettings,
    ProvidersSettings,
)
from core.settings import Settings
from db.base import utcnow
from db.models import StageRun, User
from db.queries import projects, usage, users
from pipeline.speech.elevenlabs import ElevenLabsSynth
from pipeline.writers.base import ScriptRequest
from pipeline.writers.llm import strict_response_format
from pipeline.writers.llm_prompt import LLMScript, data_message, system_prompt
from pipeline.writers.offline import compose_script
from pipeline.writers.topic import MAX_TOPIC_CHARS
from pipeline.writers.usage import chat_estimate
from services.batch_costs import SAMPLE_TOPICS
from services.batch_estimate import DEFAULT_WORK_PER_VIDEO_S, BatchEstimate, estimate_batch


@dataclass(frozen=True)
class Options:  # the fields of core.batch_options.BatchOptions an estimate reads
    language: str = "ru"
    style: str = "vivid"
    tone: str = "friendly"
    pictures: str = "auto"


PAID = ProvidersSettings(
    script="openai,offline",
    tts="elevenlabs,espeak",
    images="fal,offline",
    openai=OpenAISettings(
        api_key=SecretStr("sk-test"), price_input_per_mtok=2.5, price_output_per_mtok=10.0
    ),
    elevenlabs=ElevenLabsSettings(api_key=SecretStr("el-test"), price_per_1k_chars=0.18),
    fal=FalSettings(api_key=SecretStr("fal-test"), price_per_image=0.05),
)


async def estimate(
    session: AsyncSession,
    durations: list[float],
    *,
    providers: ProvidersSettings | None = None,
    options: Options | None = None,
    workers: int = 2,
    voice_engine: str | None = None,
) -> BatchEstimate:
    return await estimate_batch(
        session,
        count=len(durations),
        durations=durations,
        options=options or Options(),
        settings=Settings(providers=providers or ProvidersSettings()),
        workers=workers,
        voice_engine=voice_engine,
    )


async def made_short(
    session: AsyncSession,
    user: User,
    *,
    video_s: float,
    stage_s: list[float],
    status: ProjectStatus = ProjectStatus.DONE,
    age_h: float = 0,
) -> int:
    """A project with one timed run per stage given (in pipeline order)."""
    project = await projects.create_project(
        session,
        user.id,
        topic="t",
        language="ru",
        target_duration=video_s,
        style="vivid",
        tone="friendly",
    )
    projects.set_project_state(project, status, stage=None)
    end = utcnow() - timedelta(hours=age_h)
    for stage, seconds in zip(STAGE_ORDER, stage_s, strict=False):
        session.add(
            StageRun(
                project_id=project.id,
                stage=stage,
                revision=0,
                status=StageStatus.DONE,
                started_at=end - timedelta(seconds=seconds),
                finished_at=end,
                seconds=seconds,
            )
        )
    await session.flush()
    return project.id


async def test_without_history_the_default_speed_is_used_and_said(session: AsyncSession) -> None:
    result = await estimate(session, [30.0] * 10, workers=2)
    assert result.measured is False
    assert result.history == 0
    assert result.work_per_video_s == DEFAULT_WORK_PER_VIDEO_S
    assert result.seconds == pytest.approx(10 * 30 * DEFAULT_WORK_PER_VIDEO_S / 2)
    assert result.recent_per_short_usd == {}


async def test_the_measured_speed_is_the_median_of_recent_done_shorts(
    session: AsyncSession, user: User
) -> None:
    # Work per second of video: 0.5, 0.4 and 1.0; the median is 0.5.
    first = await made_short(session, user, video_s=30, stage_s=[1, 1, 2, 1, 10])
    second = await made_short(session, user, video_s=60, stage_s=[1, 2, 3, 0, 18])
    third = await made_short(session, user, video_s=15, stage_s=[1, 1, 1, 2, 10])
    # Not measured: a failed Short, one missing a stage, and older Shorts past the window.
    await made_short(session, user, video_s=30, stage_s=[50] * 5, status=ProjectStatus.FAILED)
    await made_short(session, user, video_s=30, stage_s=[50] * 4)
    for _ in range(20):
        await made_short(session, user, video_s=10, stage_s=[2] * 5, age_h=48)
    newest = [first, second, third]
    for _ in range(17):  # fill the window of 20 with Shorts at the median speed
        newest.append(await made_short(session, user, video_s=20, stage_s=[2] * 5, age_h=1))

    result = await estimate(session, [30.0] * 4, workers=2)
    assert result.measured is True
    assert result.history == 20
    assert result.work_per_video_s == pytest.approx(0.5)
    assert result.seconds == pytest.approx(4 * 30 * 0.5 / 2)
    # More workers than Shorts: never faster than one Short alone.
    alone = await estimate(session, [60.0], workers=8)
    assert alone.seconds == pytest.approx(60 * 0.5)


async def test_recent_cost_per_short_comes_from_the_ledger(
    session: AsyncSession, user: User
) -> None:
    ids = [await made_short(session, user, video_s=30, stage_s=[3] * 5) for _ in range(4)]
    for project_id in ids[:2]:
        await usage.add_usage(
            session,
            user.id,
            provider="fal",
            unit=UsageUnit.IMAGES,
            quantity=6,
            cost_usd=Decimal("0.30"),
            project_id=project_id,
        )
    await usage.add_usage(
        session,
        user.id,
        provider="elevenlabs",
        unit=UsageUnit.CHARACTERS,
        quantity=500,
        cost_usd=Decimal("0.09"),
        project_id=ids[3],
    )
    await usage.add_usage(
        session,
        user.id,
        provider="espeak",
        unit=UsageUnit.CHARACTERS,
        quantity=500,
        project_id=ids[0],
    )
    # A studio's picture: no project, not a Short's cost.
    await usage.add_usage(
        session, user.id, provider="fal", unit=UsageUnit.IMAGES, quantity=1, cost_usd=Decimal("9")
    )

    result = await estimate(session, [30.0])
    assert result.recent_per_short_usd == {"fal": Decimal("0.15"), "elevenlabs": Decimal("0.0225")}


async def test_offline_providers_cost_nothing(session: AsyncSession) -> None:
    result = await estimate(session, [15.0, 30.0, 60.0])
    assert result.per_provider_usd == {}
    assert result.total_usd == 0
    # fal configured, but the batch chose offline art; a key without fal leading the chain.
    no_pictures = await estimate(
        session, [30.0], providers=PAID, options=Options(pictures="offline")
    )
    assert "fal" not in no_pictures.per_provider_usd
    idle_key = ProvidersSettings(fal=FalSettings(api_key=SecretStr("k"), price_per_image=1.0))
    assert (await estimate(session, [30.0], providers=idle_key)).total_usd == 0


def llm_first_call(language: str, seconds: float, style: str, tone: str) -> Decimal:
    """What the LLM writer's ChatAsker estimates before its first call, topic at its longest."""
    schema = len(json.dumps(strict_response_format(LLMScript, "ShortScript")))
    system = system_prompt(language=language, seconds=seconds, style=style, tone=tone)
    data = data_message("x" * MAX_TOPIC_CHARS, language=language, seconds=seconds)
    return chat_estimate(
        schema + len(system) + len(data), input_per_mtok=2.5, output_per_mtok=10.0
    )


async def test_paid_providers_are_priced_as_the_stages_estimate_them(
    session: AsyncSession,
) -> None:
    durations = [15.0, 30.0, 30.0, 60.0]
    result = await estimate(session, durations, providers=PAID, options=Options(language="en"))

    scripts = [
        compose_script(ScriptRequest(topic=SAMPLE_TOPICS["en"], language="en", duration=d))
        for d in durations
    ]
    images = sum(len(script.scenes) for script in scripts)
    characters = [len(" ".join(scene.text for scene in s.scenes)) for s in scripts]
    speech = ElevenLabsSynth(PAID.elevenlabs)
    expected = {
        "openai": sum(
            (llm_first_call("en", d, "vivid", "friendly") for d in durations), Decimal(0)
        ),
        "elevenlabs": sum((Decimal(str(speech.cost_usd(n))) for n in characters), Decimal(0)),
        "fal": images * Decimal("0.05"),
    }
    assert result.per_provider_usd == {
        k: v.quantize(Decimal("0.000001")) for k, v in sorted(expected.items())
    }
    assert result.total_usd == sum(result.per_provider_usd.values())
    assert 20 <= images <= 40  # 5-12 scenes a Short
    assert result.per_provider_usd["fal"] == images * Decimal("0.05")
    assert result.per_provider_usd["elevenlabs"] == pytest.approx(
        Decimal("0.18") * sum(characters) / 1000
    )


async def test_a_studio_voice_on_elevenlabs_is_priced_when_the_tts_is_offline(
    session: AsyncSession,
) -> None:
    providers = ProvidersSettings(elevenlabs=ElevenLabsSettings(price_per_1k_chars=1.0))
    offline = await estimate(session, [30.0], providers=providers)
    cloned = await estimate(session, [30.0], providers=providers, voice_engine="elevenlabs")
    assert offline.total_usd == 0
    assert set(cloned.per_provider_usd) == {"elevenlabs"}
    assert Decimal("0.3") < cloned.total_usd < Decimal("0.8")  # 300-800 characters in 30 s


async def test_every_short_needs_its_duration(session: AsyncSession) -> None:
    with pytest.raises(ValueError, match="3 Shorts need 3 durations"):
        await estimate_batch(
            session, count=3, durations=[30.0], options=Options(), settings=Settings(), workers=1
        )


async def test_the_history_queries_run_on_sqlite(sqlite_session: AsyncSession) -> None:
    owner = await users.get_or_create_user(sqlite_session, 900_010, "Owner", "ru")
    first = await made_short(sqlite_session, owner, video_s=30, stage_s=[1, 1, 2, 1, 10])
    await made_short(sqlite_session, owner, video_s=60, stage_s=[1, 2, 3, 0, 6])
    await usage.add_usage(
        sqlite_session,
        owner.id,
        provider="fal",
        unit=UsageUnit.IMAGES,
        quantity=6,
        cost_usd=Decimal("0.30"),
        project_id=first,
    )
    await sqlite_session.commit()
    result = await estimate(sqlite_session, [30.0, 30.0], workers=1)
    assert result.measured is True
    assert result.work_per_video_s == pytest.approx((0.5 + 0.2) / 2)
    assert result.recent_per_short_usd == {"fal": Decimal("0.15")}
