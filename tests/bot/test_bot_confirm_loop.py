"""Creating a Short decodes the user's voiceover and photos: that runs off the event loop,
so other people are answered meanwhile. The kept recording is swapped for a named pipe, so
the decode waits, for as long as the test wants, on data only the test writes: another
user must be answered during that wait."""

import asyncio
import os
import threading
from pathlib import Path

import pytest
from bot_media import speech_note
from conftest import ClientFactory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.models import Project
from tests.emulators.telegram import BotClient

pytestmark = pytest.mark.timeout(120)
WAIT_S = 15.0  # how long the pipe holds the decode back before giving up on the other user


async def order_with_voiceover(alice: BotClient, tmp_path: Path) -> None:
    """/new up to the summary, narrated by a voice note of Alice's."""
    await alice.command("new")
    await alice.send("Why cats sleep so much")
    for step in (1, 1, 1):  # 15 s, the first style, the first tone
        await alice.click(step)
    await alice.wait_for_reply(lambda m: any("🎤" in t for t in m.button_texts))
    await alice.click("🎤 My own voiceover")
    await alice.wait_for_reply(lambda m: "Send your voiceover" in (m.text or ""))
    note = await speech_note("Cats sleep for fifteen hours a day.", "en", tmp_path, "take")
    await alice.send_voice(note, duration=3)
    cast = await alice.wait_for_reply(lambda m: "Got it" in (m.text or ""))
    await alice.click("Next ➡️", message=cast)
    await alice.wait_for_reply(lambda m: "Create it?" in (m.text or ""))


class SlowRecording:
    """Alice's kept recording as a named pipe: its reader waits until `release()`."""

    def __init__(self, path: Path) -> None:
        self.path, self.data = path, path.read_bytes()
        path.unlink()
        os.mkfifo(path)
        self.reading, self.released = threading.Event(), threading.Event()
        self.released_in_time = False

    def feed(self) -> None:
        """(In a thread.) Opening blocks until the decoder opens the pipe to read."""
        with self.path.open("wb") as pipe:
            self.reading.set()
            self.released_in_time = self.released.wait(WAIT_S)
            # Later readers (the copy into the project) get the file itself.
            regular = self.path.with_name(f"{self.path.name}.real")
            regular.write_bytes(self.data)
            regular.replace(self.path)
            pipe.write(self.data)

    def release(self) -> None:
        self.released.set()


async def test_another_user_is_answered_while_a_confirm_decodes(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
    tmp_path: Path,
) -> None:
    alice, bob = chat(7301, "Alice", "en"), chat(7302, "Bob", "en")
    await order_with_voiceover(alice, tmp_path)
    uploads = settings.storage.root / "users"
    (kept,) = uploads.glob("*/uploads/voiceover-*")
    recording = SlowRecording(kept)
    feeder = asyncio.create_task(asyncio.to_thread(recording.feed))
    confirm = asyncio.create_task(alice.click("✅ Create"))
    assert await asyncio.to_thread(recording.reading.wait, WAIT_S), "the decode never started"

    await bob.command("help")
    await bob.wait_for_reply(lambda m: "How it works" in (m.text or ""))
    recording.release()
    await feeder
    await confirm
    assert recording.released_in_time, "Bob was answered only after Alice's decode"

    await alice.wait_for_reply(lambda m: "queued" in (m.text or ""))
    async with db() as session:
        project = (await session.scalars(select(Project))).one()
    copied = settings.storage.root / project.options.voiceover
    assert copied.read_bytes() == recording.data
