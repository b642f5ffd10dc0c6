"""New Short with "My own voiceover": bad files are refused in the user's language without
losing the conversation; a real spoken voice note narrates the finished Short."""

from pathlib import Path

import pytest
from bot_flows import wait_preview
from bot_media import speech_note
from conftest import ClientFactory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import ArtifactKind
from core.settings import Settings
from db.models import Artifact, Project
from jobs.queue import LocalQueue
from tests.emulators.telegram import BotClient

pytestmark = [pytest.mark.render, pytest.mark.timeout(240)]

MB = 1024 * 1024
SPOKEN = (
    "Cats sleep for about fifteen hours a day. They save energy for hunting, "
    "and their wild cousins do exactly the same."
)


async def _to_cast(client: BotClient, topic: str) -> None:
    await client.command("new")
    await client.send(topic)
    for step in (1, 1, 1):  # 15 s, the first style, the first tone
        await client.click(step)
    await client.wait_for_reply(lambda m: any("🎤" in t for t in m.button_texts))


async def test_own_voiceover_from_refusals_to_a_short(
    *,
    chat: ClientFactory,
    queue: LocalQueue,
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
    tmp_path: Path,
) -> None:
    alice = chat(7001, "Alice", "en")
    await _to_cast(alice, "Why cats sleep so much")
    await alice.click("🎤 My own voiceover")
    await alice.wait_for_reply(lambda m: "Send your voiceover" in (m.text or ""))

    await alice.send("can I just type it?")
    assert "as a voice message or an audio file" in ((await alice.wait_for_reply()).text or "")
    await alice.send_document(b"%PDF-1.4 not audio", "script.pdf", "application/pdf")
    assert "That is not audio" in ((await alice.wait_for_reply()).text or "")
    await alice.send_voice(b"OggS" + bytes(range(256)) * 20, duration=3)
    assert "damaged or cut off" in ((await alice.wait_for_reply()).text or "")
    await alice.send_media("audio", b"\x00" * (21 * MB), file_name="take.mp3", duration=30)
    assert "at most 20 MB" in ((await alice.wait_for_reply()).text or "")

    note = await speech_note(SPOKEN, "en", tmp_path, "take")
    await alice.send_voice(note, duration=8)
    cast = await alice.wait_for_reply(lambda m: "Got it" in (m.text or ""))
    chosen = next(t for t in cast.button_texts if "🎤" in t)
    assert chosen.startswith("✅ 🎤 My voiceover (")
    assert not any(t.startswith("✅ 🎙") for t in cast.button_texts)
    await alice.click("Next ➡️", message=cast)
    summary = await alice.wait_for_reply(lambda m: "Create it?" in (m.text or ""))
    assert "Voice: your voiceover," in (summary.text or "")
    await alice.click("✅ Create")
    await wait_preview(alice, queue)

    async with db() as session:
        project = (await session.scalars(select(Project))).one()
        voice = await session.scalar(
            select(Artifact).where(
                Artifact.project_id == project.id, Artifact.kind == ArtifactKind.VOICE_WAV
            )
        )
    assert project.options.voiceover.startswith(f"users/{project.user_id}/projects/")
    assert voice is not None
    assert voice.meta["engine"] == "voiceover"
    uploads = settings.storage.root / "users" / str(project.user_id) / "uploads"
    assert not any(uploads.glob("voiceover-*"))


async def test_refusal_in_russian_keeps_the_step_and_back_returns(chat: ClientFactory) -> None:
    boris = chat(7002, "Борис", "ru")
    await _to_cast(boris, "Почему кошки много спят")
    await boris.click("🎤 Моя озвучка")
    await boris.wait_for_reply(lambda m: "Пришлите свою озвучку" in (m.text or ""))

    await boris.send_document(b"%PDF-1.4 not audio", "script.pdf", "application/pdf")
    assert "Это не аудио" in ((await boris.wait_for_reply()).text or "")
    await boris.send("текстом можно?")
    assert "голосовым сообщением" in ((await boris.wait_for_reply()).text or "")
    await boris.click("⬅️ Назад")
    cast = await boris.wait_for_reply(lambda m: "✅ 🎙 Стандартный голос" in m.button_texts)
    assert "🎤 Моя озвучка" in cast.button_texts
