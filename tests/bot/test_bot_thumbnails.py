"""The preview's three thumbnails through the real bot (en and ru): the album, a pick that
approval delivers, three new ones that keep the video, and tampered picks refused.

The offline writer seeds the Short's title with its project ID, and the ID is whatever the
database's sequence reached in earlier tests, so the test names the ID it needs: 2 (en) and
9 (ru) gave titles whose second round once drew the first round's three pictures again."""

import hashlib
import io
from pathlib import Path

import numpy as np
import pytest
from aiogram import Bot, Dispatcher
from bot_flows import order_short, wait_preview
from conftest import ClientFactory
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks import PreviewAction, PreviewCb
from db.models import Artifact, Project
from jobs.queue import LocalQueue
from tests.emulators.telegram import BotClient, StoredMessage, TelegramEmulator

pytestmark = [pytest.mark.render, pytest.mark.timeout(240)]
NOT_YOURS = "Not found: it was deleted, or it is not yours."


async def _state(db: async_sessionmaker[AsyncSession]) -> tuple[Project, dict[str, list[str]]]:
    """The project and its artifacts' hashes by kind, in index order."""
    async with db() as session:
        project = await session.scalar(select(Project))
        rows = await session.scalars(select(Artifact).order_by(Artifact.kind, Artifact.index))
        hashes: dict[str, list[str]] = {}
        for row in rows:
            hashes.setdefault(row.kind.value, []).append(row.sha256)
    assert project is not None
    return project, hashes


async def _next_project_id(db: async_sessionmaker[AsyncSession], project_id: int) -> None:
    """The next Short made gets `project_id` (every row is deleted after each test)."""
    sequence = func.pg_get_serial_sequence(Project.__tablename__, "id")
    async with db() as session:
        await session.execute(select(func.setval(sequence, project_id, False)))
        await session.commit()


def _small(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGB").resize((36, 64)), dtype=float)


def _nearest(emulator: TelegramEmulator, photo: StoredMessage, candidates: list[Path]) -> int:
    """Which candidate a sent photo shows (Telegram re-encodes photos: compared small)."""
    assert photo.media is not None
    sent = _small(emulator.files.get(str(photo.media["file_id"])).data)
    diffs = [np.abs(sent - _small(path.read_bytes())).mean() for path in candidates]
    return int(np.argmin(diffs))


def _candidates(storage_root: Path) -> list[Path]:
    folder = next(storage_root.glob("users/*/projects/*"))
    return [folder / name for name in ("thumbnail.png", "thumbnail_1.png", "thumbnail_2.png")]


def _photos(client: BotClient) -> list[StoredMessage]:
    return [m for m in client.emulator.messages(client.chat.id) if m.media_kind == "photo"]


@pytest.mark.parametrize(
    ("language", "project_id", "words"),
    [
        ("en", 2, ("✅ Create", "🖼 Thumbnail", "Thumbnail 2", "Thumbnail 2 it is", "✅ Approve",
                "🖼 Another thumbnail", "drawing three new thumbnails")),
        ("ru", 9, ("✅ Создать", "🖼 Обложка", "Обложка 2", "Выбрана обложка 2", "✅ Одобрить",
                "🖼 Другая обложка", "рисую три новые обложки")),
    ],
)  # fmt: skip
async def test_pick_a_thumbnail_approve_it_then_three_new(
    language: str,
    project_id: int,
    words: tuple[str, ...],
    *,
    chat: ClientFactory,
    emulator: TelegramEmulator,
    queue: LocalQueue,
    db: async_sessionmaker[AsyncSession],
    storage_root: Path,
) -> None:
    create, show, second, chosen, approve, another, progress = words
    client = chat(4501, "Ann", language)
    await _next_project_id(db, project_id)
    await order_short(client, "Why cats sleep so much")
    await client.click(create)
    preview = await wait_preview(client, queue)
    project, before = await _state(db)
    assert project.id == project_id
    assert len(set(before["thumbnail"])) == 3
    candidates = _candidates(storage_root)

    await client.click(show, message=preview)
    picker = await client.wait_for_reply(lambda m: second in m.button_texts)
    album = _photos(client)
    assert len(album) == 3
    assert len({m.data.get("media_group_id") for m in album}) == 1
    assert [_nearest(emulator, m, candidates) for m in album] == [0, 1, 2]
    await client.click(second, message=picker)
    picked = await client.wait_for_reply(lambda m: chosen in (m.text or ""))
    assert f"✅ {second}" in picked.button_texts
    project, _ = await _state(db)
    assert project.options.thumbnail == 1

    await client.click(approve, message=preview)
    await client.wait_for_reply(lambda m: len(_photos(client)) == 4)
    assert _nearest(emulator, _photos(client)[-1], candidates) == 1

    await client.click(another, message=picked)  # approval took the preview's buttons
    await client.wait_for_reply(lambda m: progress in (m.text or ""))
    await wait_preview(client, queue)
    project, after = await _state(db)
    assert (project.options.thumbnail_round, project.options.thumbnail) == (1, 0)
    assert after["video"] == before["video"]  # the video is kept, the stills reused
    assert after["scene_image"] == before["scene_image"]
    assert len(set(after["thumbnail"])) == 3
    assert not set(after["thumbnail"]) & set(before["thumbnail"])
    drawn = [hashlib.sha256(path.read_bytes()).hexdigest() for path in candidates]
    assert drawn == after["thumbnail"]  # the album's files (same names) are the new rows'


async def _press(client: BotClient, dispatcher: Dispatcher, bot: Bot, data: str) -> str | None:
    """A press with any callback_data (a tampered client) on the latest bot message."""
    target = client.emulator.last_message(client.chat.id)
    assert target is not None
    record = client.emulator.user_clicks(client.user, target, data, strict=False, enqueue=False)
    assert record.update is not None
    await dispatcher.feed_raw_update(bot, record.update)
    return (await client.wait_for_answer(record)).answer_text


async def test_tampered_thumbnail_picks_are_refused(
    *,
    chat: ClientFactory,
    queue: LocalQueue,
    db: async_sessionmaker[AsyncSession],
    dispatcher: Dispatcher,
    bot: Bot,
) -> None:
    ann, eve = chat(4503, "Ann", "en"), chat(4504, "Eve", "en")
    await order_short(ann, "Why cats sleep so much")
    await ann.click("✅ Create")
    await wait_preview(ann, queue)
    project, _ = await _state(db)
    pick = PreviewCb(action=PreviewAction.PICK_THUMBNAIL, project_id=project.id, item=3)
    assert await _press(ann, dispatcher, bot, pick.pack()) == NOT_YOURS
    await order_short(eve, "Tea")  # a message of her own to press from
    for theirs in (
        PreviewCb(action=PreviewAction.PICK_THUMBNAIL, project_id=project.id, item=1),
        PreviewCb(action=PreviewAction.NEW_THUMBNAILS, project_id=project.id),
        PreviewCb(action=PreviewAction.THUMBNAILS, project_id=project.id),
    ):
        assert await _press(eve, dispatcher, bot, theirs.pack()) == NOT_YOURS
    project, _ = await _state(db)
    assert (project.options.thumbnail, project.options.thumbnail_round) == (0, 0)
