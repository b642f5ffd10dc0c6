"""Through the bot: a finished batch's "Publish or schedule all" picks the person's accounts
(every one preselected) and spreads the Shorts one a day at their usual slot from tomorrow,
each a scheduled publication; asking again adds nothing; a platform the plan does not
include is refused with nothing stored."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore
from batch_world import set_plan
from bot_seed import seed_projects
from conftest import ClientFactory
from publish_seed import publish_jobs, queue, seed_account, set_preferences  # noqa: F401
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.batch_notify import BatchNotifier
from core.batch_options import BatchOptions
from core.enums import BatchStatus, Platform, ProjectStatus, PublicationState
from core.plans import PlanCode
from db.base import utcnow
from db.models import Batch, Project
from db.models.publication import Publication
from tests.emulators.telegram import BotClient, StoredMessage

BERLIN = ZoneInfo("Europe/Berlin")


async def _finished_batch(
    client: BotClient,
    db: async_sessionmaker[AsyncSession],
    bot: Bot,
    core: FluentRuntimeCore,
    shorts: int,
) -> tuple[list[int], StoredMessage]:
    """A batch of `shorts` made Shorts, and the summary its notifier sent."""
    project_ids = await seed_projects(db, client.user.id, *[ProjectStatus.DONE] * shorts)
    async with db() as session:
        first = await session.get(Project, project_ids[0])
        assert first is not None
        options = BatchOptions(language="en", duration=15, style="vivid", tone="calm")
        batch = Batch(
            user_id=first.user_id, status=BatchStatus.RUNNING, options=options, total=shorts,
            chat_id=client.chat.id, started_at=utcnow(),
        )  # fmt: skip
        session.add(batch)
        await session.flush()
        for index, project_id in enumerate(project_ids):
            project = await session.get(Project, project_id)
            assert project is not None
            project.batch_id, project.batch_index = batch.id, index
        await session.commit()
    await BatchNotifier(bot, db, core).finished(project_ids[-1])
    summary = await client.wait_for_reply(lambda m: "📤 Publish or schedule all" in m.button_texts)
    return project_ids, summary


async def _publications(db: async_sessionmaker[AsyncSession]) -> list[Publication]:
    async with db() as session:
        found = await session.scalars(select(Publication).order_by(Publication.due_at))
        return list(found.all())


async def test_publish_all_spreads_the_batch_one_a_day_at_the_usual_slot(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], bot: Bot, core: FluentRuntimeCore
) -> None:
    mia = chat(5401, "Mia", "en")
    await set_plan(mia, db, PlanCode.PRO)
    await set_preferences(db, mia.user.id, ai_disclosure=True, timezone="Europe/Berlin")
    channel = await seed_account(db, mia.user.id, Platform.TELEGRAM, "Coffee")
    project_ids, summary = await _finished_batch(mia, db, bot, core, 3)

    await mia.click("📤 Publish or schedule all", message=summary)
    picker = await mia.wait_for_reply(lambda m: "Where should the batch go" in (m.text or ""))
    assert picker.button_texts == [
        "✅ Telegram channel: Coffee", "🚀 Publish all now", "📅 One a day from tomorrow",
        "✖️ Close",
    ]  # fmt: skip
    before = datetime.now(UTC)
    await mia.click("📅 One a day from tomorrow")
    done = await mia.wait_for_reply(lambda m: "scheduled" in (m.text or ""))
    assert (done.text or "").startswith("📅 3 publications are scheduled, one a day per account")

    made = await _publications(db)
    assert [(p.project_id, p.account_id, p.state) for p in made] == [
        (project_id, channel, PublicationState.SCHEDULED) for project_id in project_ids
    ]
    due = [p.due_at.replace(tzinfo=UTC) if p.due_at.tzinfo is None else p.due_at for p in made]
    tomorrow = before.astimezone(BERLIN).date() + timedelta(days=1)
    nine = time(9)
    assert due == [  # 09:00 in Berlin on three days in a row, whatever the clocks do
        datetime.combine(tomorrow + timedelta(days=n), nine, BERLIN) for n in range(3)
    ]

    # Asked again: every Short is already scheduled there, nothing is added.
    await mia.click("📤 Publish or schedule all", message=summary)
    await mia.wait_for_reply(lambda m: "Where should the batch go" in (m.text or ""))
    await mia.click("📅 One a day from tomorrow")
    await mia.wait_for_reply(lambda m: "0 publications are scheduled" in (m.text or ""))
    assert len(await _publications(db)) == 3


async def test_publish_all_to_a_platform_outside_the_plan_is_refused_with_nothing_stored(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], bot: Bot, core: FluentRuntimeCore
) -> None:
    leo = chat(5402, "Leo", "en")
    await set_plan(leo, db, PlanCode.FREE)
    await set_preferences(db, leo.user.id, ai_disclosure=False)
    await seed_account(db, leo.user.id, Platform.X, "leo_on_x")  # connected while on Creator
    await set_plan(leo, db, PlanCode.FREE)  # and back on Free since
    _, summary = await _finished_batch(leo, db, bot, core, 2)

    await leo.click("📤 Publish or schedule all", message=summary)
    await leo.wait_for_reply(lambda m: "Where should the batch go" in (m.text or ""))
    press = await leo.click("🚀 Publish all now")
    await leo.wait_for_answer(press)
    assert "plan publishes to Telegram channels and YouTube only" in (press.answer_text or "")
    assert await _publications(db) == []
