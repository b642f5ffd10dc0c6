"""What the batch tests share (a module name no test file shadows): a writer with one topic
that always fails and one that fails once, a Pro user, and /batch driven to its summary."""

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import BatchStatus, ProjectStatus
from core.plans import PlanCode
from core.provider_errors import ProviderRejected
from db.models import Batch, Project, User
from pipeline.failures import DatabaseBusy
from pipeline.writers.base import ScriptDraft, ScriptRequest
from pipeline.writers.offline import TemplateWriter
from tests.emulators.telegram import BotClient, StoredMessage

THROTTLE_S = 1.0  # the progress message's edit interval in these tests
PERMANENT = "FAIL: the writer refuses this one"
FLAKY = "FLAKY: the writer trips once on this one"


class CraftedWriter:
    """The offline writer, except for two topics: one containing "FAIL" is refused (a
    permanent error) while `fail` is set, one containing "FLAKY" trips a transient error the
    first time only (the queue retries it)."""

    name = "offline"

    def __init__(self) -> None:
        self.fail = True
        self.flaky_left = 1
        self.calls = 0

    async def write(self, request: ScriptRequest) -> ScriptDraft:
        self.calls += 1
        if "FAIL" in request.topic and self.fail:
            raise ProviderRejected(provider="offline", reason="this topic is refused")
        if "FLAKY" in request.topic and self.flaky_left:
            self.flaky_left -= 1
            raise DatabaseBusy(reason="the database restarted")
        return await TemplateWriter().write(request)


def batch_rows(
    count: int, *, fail_at: int | None = None, flaky_at: int | None = None
) -> list[str]:
    """`count` distinct topics; the crafted ones at their (0-based) places."""
    rows = [f"Fact number {i + 1} about the sea" for i in range(count)]
    if fail_at is not None:
        rows[fail_at] = PERMANENT
    if flaky_at is not None:
        rows[flaky_at] = FLAKY
    return rows


async def set_plan(
    client: BotClient, db: async_sessionmaker[AsyncSession], plan: PlanCode
) -> None:
    """Register the person (/start) and give them `plan`."""
    await client.command("start")
    await client.wait_for_reply()
    async with db() as session:
        await session.execute(
            update(User).where(User.telegram_id == client.user.id).values(plan=plan)
        )
        await session.commit()


async def make_pro(client: BotClient, db: async_sessionmaker[AsyncSession]) -> None:
    await set_plan(client, db, PlanCode.PRO)


async def order_batch(client: BotClient, topics: str | None) -> StoredMessage:
    """/batch, the topics as text (None: the caller already sent them, e.g. as a file),
    then New Short's steps with the first choice of each; returns the summary with Start."""
    if topics is not None:
        await client.command("batch")
        await client.wait_for_reply(lambda m: "Batch" in (m.text or ""))
        await client.send(topics)
    await client.wait_for_reply(lambda m: len(m.buttons) == 4)
    await client.click(1)  # 15 s
    await client.click(1)  # the first style
    await client.click(1)  # the first tone
    cast = await client.wait_for_reply(lambda m: any("➡️" in t for t in m.button_texts))
    await client.click(next(t for t in cast.button_texts if "➡️" in t))
    return await client.wait_for_reply(
        lambda m: any("Start the batch" in t or "Запустить" in t for t in m.button_texts)
    )


@dataclass(frozen=True)
class BatchRows:
    status: BatchStatus
    statuses: list[ProjectStatus]
    progress_message_id: int | None


async def batch_state(db: async_sessionmaker[AsyncSession]) -> BatchRows:
    """The one batch's row and its projects' states in the list's order."""
    async with db() as session:
        batch = (await session.scalars(select(Batch))).one()
        statement = (
            select(Project.status)
            .where(Project.batch_id == batch.id)
            .order_by(Project.batch_index)
        )
        statuses = list((await session.scalars(statement)).all())
        return BatchRows(batch.status, statuses, batch.progress_message_id)
