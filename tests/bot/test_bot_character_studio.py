"""Character Studio end to end: photos (a GIF refused), name, description, style, colours,
no logo; the preview scene; a Short featuring the character; deletion."""

import re

import pytest
from bot_flows import wait_preview
from bot_media import animated_gif, photo_png
from conftest import ClientFactory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.models import Character, CharacterPhoto, Project
from jobs.queue import LocalQueue
from tests.emulators.telegram import BotClient, StoredMessage

pytestmark = [pytest.mark.render, pytest.mark.timeout(240)]


async def create_kate(kate: BotClient) -> StoredMessage:
    """Two photos (a GIF refused on the way), a name, a description, a style, colours (one
    wrong try), no logo; returns the preview card the bot sends."""
    await kate.command("character")
    await kate.click("➕ New character")
    await kate.wait_for_reply(lambda m: "Send 1 to 5 photos" in (m.text or ""))
    await kate.send_photo(photo_png((200, 80, 40)))
    assert "Photo 1 of up to 5 is fine" in ((await kate.wait_for_reply()).text or "")
    await kate.send_media("animation", animated_gif(), file_name="wave.gif")
    assert "not a still photo" in ((await kate.wait_for_reply()).text or "")
    await kate.send_document(photo_png((30, 90, 200)), "second.png", "image/png")
    await kate.wait_for_reply(lambda m: "Photo 2 of up to 5" in (m.text or ""))
    await kate.click("Next ➡️")
    await kate.wait_for_reply(lambda m: "called" in (m.text or ""))
    await kate.send("Captain <Kate>")
    await kate.wait_for_reply(lambda m: "Describe" in (m.text or ""))
    await kate.send("A cheerful science host with a red scarf.")
    await kate.click("Neon")
    await kate.wait_for_reply(lambda m: "brand colours" in (m.text or ""))
    await kate.send("#ff8800, nonsense")
    assert "not a colour" in ((await kate.wait_for_reply()).text or "")
    await kate.send("#ff8800 #1E88E5")
    await kate.wait_for_reply(lambda m: "Send a logo" in (m.text or ""))
    await kate.click("Skip ➡️")
    return await kate.wait_for_reply(lambda m: m.media_kind == "photo")


async def test_character_from_photos_to_a_short_and_deletion(
    chat: ClientFactory,
    queue: LocalQueue,
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
) -> None:
    kate = chat(7001, "Kate", "en")
    created = await create_kate(kate)
    assert "Captain &lt;Kate&gt;" not in (created.caption or "")
    assert "Captain <Kate> is ready" in (created.caption or "")
    assert "cut out of the photos" in (created.caption or "")
    async with db() as session:
        character = (await session.scalars(select(Character))).one()
        photos = (await session.scalars(select(CharacterPhoto))).all()
    assert (character.style, character.colours) == ("neon", ["#ff8800", "#1e88e5"])
    assert (len(photos), character.is_default) == (2, True)

    await kate.click("👁 Preview scene")
    again = await kate.wait_for_reply(lambda m: m.media_kind == "photo")
    assert "preview scene" in (again.caption or "")

    await kate.command("new")
    await kate.send("How lighthouses work")
    for step in (1, 2, 1):
        await kate.click(step)
    cast = await kate.wait_for_reply(lambda m: "✅ 🧑 Captain <Kate>" in m.button_texts)
    await kate.click("Next ➡️", message=cast)
    await kate.click("✅ Create")
    video = await wait_preview(kate, queue)
    assert re.search(r"Character match: \d+(–\d+)? %", video.caption or "")  # the cut-out
    async with db() as session:
        project = (await session.scalars(select(Project))).one()
    assert len(project.options.photos) == 2  # the character's photos, copied in

    await kate.command("character")
    await kate.click("⭐ 🧑 Captain <Kate>")
    card = await kate.wait_for_reply(lambda m: "red scarf" in (m.text or ""))
    assert "#ff8800 #1e88e5" in (card.text or "")
    await kate.click("🗑 Delete")
    await kate.click("🗑 Yes, delete it")
    await kate.wait_for_reply(lambda m: "recurring look" in (m.text or ""))
    async with db() as session:
        assert (await session.scalars(select(Character))).all() == []
    folder = settings.storage.root / "users" / str(project.user_id) / "characters"
    assert not any(folder.rglob("*.*"))
    assert project.options.photos[0].startswith(f"users/{project.user_id}/projects/")
