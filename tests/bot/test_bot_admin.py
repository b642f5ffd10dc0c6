"""/stats and /user: only for ADMIN_IDS; numbers from projects, stage runs and the ledger."""

from decimal import Decimal

from conftest import ADMIN_ID, ClientFactory
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import ProjectStatus, StageName, StageStatus, UsageUnit
from db.base import utcnow
from db.models import StageRun
from db.queries import projects, usage, users


async def _seed(db: async_sessionmaker[AsyncSession], telegram_id: int) -> int:
    async with db() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id)
        assert user is not None
        for status in (ProjectStatus.DONE, ProjectStatus.DONE, ProjectStatus.FAILED):
            project = await projects.create_project(
                session,
                user.id,
                topic="t",
                language="en",
                target_duration=15,
                style="vivid",
                tone="calm",
            )
            projects.set_project_state(project, status, stage=None)
        session.add(
            StageRun(
                project_id=project.id,
                stage=StageName.RENDER,
                revision=0,
                status=StageStatus.FAILED,
                started_at=utcnow(),
            )
        )
        await usage.add_usage(
            session, user.id, provider="ffmpeg", unit=UsageUnit.RENDER_SECONDS, quantity=90
        )
        await usage.add_usage(
            session,
            user.id,
            provider="cloud",
            unit=UsageUnit.CHARACTERS,
            quantity=10,
            cost_usd=Decimal("1.25"),
        )
        await session.commit()
        return user.id


async def test_admin_sees_stats_and_a_user(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession]
) -> None:
    creator, admin = chat(8001, "Vera", "ru"), chat(ADMIN_ID, "Admin", "en")
    await creator.command("start")
    user_id = await _seed(db, 8001)

    await admin.command("stats")
    stats = (await admin.wait_for_reply()).text or ""
    assert "Users: 2" in stats
    assert "Shorts: ready: 2, failed: 1" in stats
    assert "Failed stages: render: 1" in stats
    assert "Queue: 0" in stats
    assert "Render: 1.5 min" in stats
    assert "Cost: $1.25" in stats

    await admin.command("user", "8001")
    card = (await admin.wait_for_reply()).text or ""
    assert f"User {user_id} (Telegram 8001)" in card
    assert "Language: ru" in card
    await admin.command("user", "12345")
    assert (await admin.wait_for_reply()).text == "No user 12345."
    await admin.command("user", "abc")
    assert (await admin.wait_for_reply()).text == "Usage: /user TELEGRAM_ID"


async def test_others_cannot_use_admin_commands(chat: ClientFactory) -> None:
    stranger = chat(8002, "Eve", "ru")
    await stranger.command("stats")
    assert (await stranger.wait_for_reply()).text == (
        "Не понял. Воспользуйтесь меню ниже или /help."
    )
    await stranger.command("user", "8002")
    assert "Не понял" in ((await stranger.wait_for_reply()).text or "")
