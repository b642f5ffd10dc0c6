"""The notifier jobs get routes each report by where the project came from: a chat's project
is reported in the chat, a CLI project nowhere (the CLI watches its own job)."""

from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.notify import TelegramNotifier
from core.enums import ProjectOrigin, StageName
from core.ports import StageProgress
from core.settings import Settings
from db.queries import projects, users
from services.notices import OriginRouter
from storage.disk import Storage
from tests.emulators.telegram import TelegramEmulator


async def _project(
    db: async_sessionmaker[AsyncSession], telegram_id: int, origin: ProjectOrigin
) -> int:
    async with db() as session:
        user = await users.get_or_create_user(session, telegram_id, "Test", "en")
        project = await projects.create_project(
            session, user.id, topic="Owls", language="en", target_duration=15,
            style="vivid", tone="calm",
        )  # fmt: skip
        project.origin = origin
        await session.commit()
        return project.id


async def test_reports_go_where_the_project_came_from(
    bot: Bot,
    db: async_sessionmaker[AsyncSession],
    core: FluentRuntimeCore,
    settings: Settings,
    emulator: TelegramEmulator,
) -> None:
    emulator.add_user(9201, "Chat", language_code="en")
    emulator.add_user(9202, "Terminal", language_code="en")
    from_chat = await _project(db, 9201, ProjectOrigin.CHAT)
    from_cli = await _project(db, 9202, ProjectOrigin.CLI)
    chat = TelegramNotifier(bot, db, core, Storage(settings.storage.root.resolve()))
    router = OriginRouter(db, {ProjectOrigin.CHAT: chat})

    for project_id in (from_chat, from_cli):
        await router.progress(StageProgress(project_id, StageName.VOICE, 0.5, 0.3, None))
        await router.failed(project_id, "error-render-timeout", {})

    assert len(emulator.sent(9201, "sendMessage", ok=True)) == 2  # progress, "nothing lost"
    assert emulator.sent(9202, "sendMessage") == []
    assert await router.finished(from_cli) is True  # nowhere to send: never tried again
    assert await router.finished(10**6) is True  # a project deleted meanwhile
