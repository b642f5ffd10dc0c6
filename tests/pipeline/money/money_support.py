"""Helpers for the money tests: providers on the emulators, a paying user, the ledger."""

from datetime import datetime
from decimal import Decimal

from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import ProjectStatus, UsageUnit
from core.ports import Notifier
from core.settings import ElevenLabsSettings, OpenAISettings, ProvidersSettings, Settings
from db.models import Artifact, Project, UsageEntry
from db.queries import projects, usage, users
from jobs.runtime import build_job_ctx
from pipeline.context import JobCtx
from services.projects import ProjectRequest, create_project
from tests.emulators.elevenlabs import DEFAULT_KEY as ELEVEN_KEY
from tests.emulators.elevenlabs import ElevenLabsEmulator
from tests.emulators.openai import DEFAULT_KEY as OPENAI_KEY
from tests.emulators.openai import OpenAIEmulator

RACHEL = "21m00Tcm4TlvDq8ikWAM"
PAYER = 5_550_001  # a Telegram user who is not an admin: the ceiling applies


def eleven_account(emulator: ElevenLabsEmulator) -> ElevenLabsSettings:
    return ElevenLabsSettings(
        base_url=emulator.base_url, api_key=SecretStr(ELEVEN_KEY), voice_id=RACHEL, timeout_s=10
    )


def openai_account(emulator: OpenAIEmulator) -> OpenAISettings:
    return OpenAISettings(base_url=emulator.api_base, api_key=SecretStr(OPENAI_KEY), timeout_s=10)


def paid_ctx(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    notifier: Notifier,
    providers: ProvidersSettings,
) -> JobCtx:
    return build_job_ctx(
        settings.model_copy(update={"providers": providers}), sessionmaker, notifier
    )


async def payer_project(
    ctx: JobCtx, request: ProjectRequest, telegram_id: int = PAYER
) -> tuple[int, int]:
    """A Telegram user's queued project: (user id, project id)."""
    async with ctx["sessionmaker"]() as session:
        user = await users.get_or_create_user(session, telegram_id, "Payer", request.language)
        project = await create_project(session, ctx["storage"], user.id, request)
        projects.set_project_state(project, ProjectStatus.QUEUED, stage=None)
        await session.commit()
        return user.id, project.id


async def spend(ctx: JobCtx, user_id: int, usd: str, *, when: datetime | None = None) -> None:
    """Book `usd` of earlier spending (committed), optionally at another time."""
    async with ctx["sessionmaker"]() as session:
        entry = await usage.add_usage(
            session, user_id, provider="openai", unit=UsageUnit.TOKENS, quantity=1,
            cost_usd=Decimal(usd),
        )  # fmt: skip
        if when is not None:
            entry.created_at = when
        await session.commit()


async def ledger(ctx: JobCtx, user_id: int, provider: str | None = None) -> list[UsageEntry]:
    async with ctx["sessionmaker"]() as session:
        statement = select(UsageEntry).where(UsageEntry.user_id == user_id)
        if provider is not None:
            statement = statement.where(UsageEntry.provider == provider)
        return list(await session.scalars(statement.order_by(UsageEntry.id)))


async def project_state(ctx: JobCtx, project_id: int) -> tuple[Project, list[Artifact]]:
    async with ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        items = await session.scalars(select(Artifact).where(Artifact.project_id == project_id))
        return project, list(items)
