"""New Short end to end in English: real Dispatcher, real Bot on the emulator, real render."""

import pytest
from bot_flows import order_short, wait_preview
from conftest import ClientFactory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import ArtifactKind, ProjectStatus, StageName
from db.models import Artifact, Project, StageRun
from jobs.queue import LocalQueue
from tests.emulators.telegram import TelegramEmulator

pytestmark = [pytest.mark.render, pytest.mark.timeout(240)]


async def _project(db: async_sessionmaker[AsyncSession]) -> Project:
    async with db() as session:
        return (await session.scalars(select(Project))).one()


async def _stills(db: async_sessionmaker[AsyncSession], project_id: int) -> dict[int, str]:
    async with db() as session:
        rows = await session.scalars(
            select(Artifact).where(
                Artifact.project_id == project_id, Artifact.kind == ArtifactKind.SCENE_IMAGE
            )
        )
        return {row.index: row.sha256 for row in rows}


async def test_topic_to_preview_regenerate_and_approve(
    chat: ClientFactory,
    emulator: TelegramEmulator,
    queue: LocalQueue,
    db: async_sessionmaker[AsyncSession],
) -> None:
    alice = chat(3001, "Alice", "en")
    summary = await order_short(alice, "Why cats sleep so much")
    assert "Why cats sleep so much" in (summary.text or "")
    assert "15 s" in (summary.text or "")

    await alice.click("✅ Create")
    progress = await alice.wait_for_reply(lambda m: "queued" in (m.text or ""))
    preview = await wait_preview(alice, queue)
    assert preview.button_texts == [
        "✅ Approve",
        "🚀 Publish",
        "🗓 Schedule",
        "🔄 Regenerate a scene",
        "🎙 Change voice",
        "✏️ Edit text",
        "🖼 Thumbnail",
    ]
    edited = emulator.message(alice.chat.id, progress.message_id)
    assert edited.text == "✅ Done! The preview is below."
    edits = emulator.sent(alice.chat.id, "editMessageText", ok=True)
    times = [r.time for r in edits if r.params["message_id"] == str(progress.message_id)]
    assert len(times) >= 2
    # At most one progress edit per 2 s (the last, "Done", is not throttled). Counted over the
    # span rather than gap by gap: on a loaded machine one edit can arrive late and the next on
    # time, which shortens one gap without any extra edit being sent.
    span = times[-2] - times[0]
    assert len(times) - 2 <= span / 2.0 + 1

    project = await _project(db)
    assert project.status is ProjectStatus.DONE
    before = await _stills(db, project.id)
    async with db() as session:
        voice_run = await session.scalar(
            select(StageRun).where(
                StageRun.project_id == project.id, StageRun.stage == StageName.VOICE
            )
        )
    assert voice_run is not None

    await alice.click("🔄 Regenerate a scene")
    scenes = await alice.wait_for_reply(lambda m: m.button_texts[:1] == ["1"])
    assert len(scenes.buttons) == len(before) + 1
    await alice.click("2")
    second = await wait_preview(alice, queue)
    assert second.message_id != preview.message_id
    after = await _stills(db, project.id)
    changed = {index for index in before if before[index] != after[index]}
    assert changed == {1}
    async with db() as session:
        again = await session.get(Project, project.id)
        voice_again = await session.scalar(
            select(StageRun).where(
                StageRun.project_id == project.id, StageRun.stage == StageName.VOICE
            )
        )
    assert again is not None
    assert again.revision == 1
    assert voice_again is not None
    assert voice_again.started_at == voice_run.started_at  # the voice was not redone

    press = await alice.click("✅ Approve")
    await alice.wait_for_answer(press)
    await alice.wait_for_reply(lambda m: "Hashtags" in (m.text or ""))
    kinds = [m.media_kind for m in alice.replies()]
    assert kinds == [None, "video", "document", "photo", None]
    document = emulator.sent(alice.chat.id, "sendDocument", ok=True)[-1]
    assert document.uploads[0].filename == f"short-{project.id}.srt"
    assert emulator.message(alice.chat.id, second.message_id).buttons == []
