"""Through the bot: what /batch refuses and accepts before anything is made. A Free plan has
no batches; a batch over the month's Shorts is refused as a whole with nothing queued; a
.csv with a per-row duration sets that Short's duration; an empty file, binary junk and
5,000 topics are answered in the person's language."""

import pytest
from batch_world import set_plan
from bot_seed import seed_projects
from conftest import ClientFactory
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import ProjectStatus
from core.plans import PlanCode
from db.models import Batch, Project
from jobs.queue import LocalQueue
from tests.emulators.telegram import BotClient

pytestmark = pytest.mark.timeout(120)


async def _count(db: async_sessionmaker[AsyncSession], model: type[Batch] | type[Project]) -> int:
    async with db() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _reply_to(client: BotClient, file: bytes, name: str) -> str:
    await client.send_document(file, file_name=name)
    reply = await client.wait_for_reply()
    return reply.text or ""


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        ("en", "Batches start with the Creator plan (10 topics at once)."),
        ("ru", "Пакетное создание доступно с тарифа Creator (до 10 тем за раз)."),
    ],
)
async def test_a_free_plan_is_told_batches_start_with_creator(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], language: str, refusal: str
) -> None:
    kim = chat(5201, "Kim", language)
    await set_plan(kim, db, PlanCode.FREE)
    await kim.command("batch")
    reply = await kim.wait_for_reply()
    assert refusal in (reply.text or "")
    await kim.send("Why the sea is salty")  # not taken as topics: no batch conversation
    await kim.wait_for_reply()
    assert await _count(db, Batch) == 0


async def test_a_batch_over_the_months_shorts_is_refused_whole_with_nothing_queued(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], queue: LocalQueue
) -> None:
    lou = chat(5202, "Lou", "en")
    await set_plan(lou, db, PlanCode.CREATOR)  # 50 Shorts a month, 10 in a batch
    await seed_projects(db, lou.user.id, *[ProjectStatus.DONE] * 45)
    await lou.command("batch")
    await lou.wait_for_reply(lambda m: "Batch" in (m.text or ""))
    await lou.send("\n".join(f"Fact {i} about owls" for i in range(10)))
    await lou.wait_for_reply(lambda m: len(m.buttons) == 4)
    for _ in range(3):
        await lou.click(1)
    cast = await lou.wait_for_reply(lambda m: any("➡️" in t for t in m.button_texts))
    await lou.click(next(t for t in cast.button_texts if "➡️" in t))
    before = await lou.wait_for_reply(lambda m: "▶️ Start the batch" in m.button_texts)
    assert "5 of 50 Shorts left this month" in (before.text or "")

    press = await lou.click("▶️ Start the batch")
    await lou.wait_for_answer(press)
    refusal = press.answer_text or ""  # an alert on the button: the summary stays
    assert "45 are used and 5 left, but this needs 10" in refusal
    assert "Nothing was queued" in refusal
    assert (await _count(db, Batch), await _count(db, Project)) == (0, 45)
    assert queue.tasks == {}


async def test_a_csv_with_a_duration_column_sets_each_shorts_duration(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], queue: LocalQueue
) -> None:
    ada = chat(5203, "Ada", "en")
    await set_plan(ada, db, PlanCode.PRO)
    await ada.command("batch")
    await ada.wait_for_reply(lambda m: "Batch" in (m.text or ""))
    csv = "topic;duration\nHow owls see at night;60\nWhy cats purr;\n"
    await ada.send_document(csv.encode(), file_name="topics.csv")
    read = await ada.wait_for_reply(lambda m: len(m.buttons) == 4)
    assert "2" in (read.text or "")
    await ada.click(1)  # 15 s for every row that does not say
    for _ in range(2):
        await ada.click(1)
    cast = await ada.wait_for_reply(lambda m: any("➡️" in t for t in m.button_texts))
    await ada.click(next(t for t in cast.button_texts if "➡️" in t))
    await ada.wait_for_reply(lambda m: "▶️ Start the batch" in m.button_texts)
    await ada.click("▶️ Start the batch")
    await ada.wait_for_reply(lambda m: "queued" in (m.text or ""))
    await queue.close()  # what was queued is in the rows: the renders are not this test's

    async with db() as session:
        rows = (
            await session.execute(
                select(Project.topic, Project.target_duration, Project.batch_index).order_by(
                    Project.batch_index
                )
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        ("How owls see at night", 60.0, 0),
        ("Why cats purr", 15.0, 1),
    ]


@pytest.mark.parametrize(
    ("language", "empty", "junk", "too_many"),
    [
        (
            "en",
            "There are no topics in it.",
            "This file is not text.",
            "There are 5,000 topics; one batch takes at most 1,000.",
        ),
        (
            "ru",
            "В нём нет тем.",
            "Это не текстовый файл.",
            "Тем 5\xa0000, а в одном пакете может быть не больше 1\xa0000.",
        ),
    ],
)
async def test_bad_topic_files_are_answered_in_the_persons_language(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    language: str,
    empty: str,
    junk: str,
    too_many: str,
) -> None:
    eva = chat(5204, "Eva", language)
    await set_plan(eva, db, PlanCode.AGENCY)
    await eva.command("batch")
    await eva.wait_for_reply(lambda m: bool(m.buttons))

    assert empty in await _reply_to(eva, b"", "topics.txt")
    assert junk in await _reply_to(eva, bytes(range(256)) * 64, "topics.txt")
    lines = "\n".join(f"Topic number {i}" for i in range(5000)).encode()
    assert too_many in await _reply_to(eva, lines, "topics.txt")
    # Still at the topics step: a good list goes on to the settings.
    await eva.send("How owls see at night")
    await eva.wait_for_reply(lambda m: len(m.buttons) == 4)
    assert await _count(db, Batch) == 0
