"""Conversation steps shared by the bot tests (a module name no test file shadows)."""

from jobs.queue import LocalQueue
from tests.emulators.telegram import BotClient, StoredMessage


async def order_short(
    client: BotClient,
    topic: str,
    *,
    duration: str = "15",
    style: int = 1,
    tone: int = 1,
    buttons: int = 4,
) -> StoredMessage:
    """Drive /new up to the summary; returns the summary message (Captions, Create / Back,
    Menu, and the pictures toggle first when fal.ai is configured: `buttons=5`)."""
    await client.command("new")
    await client.wait_for_reply(lambda m: bool(m.buttons))
    await client.send(topic)
    await client.wait_for_reply(lambda m: len(m.buttons) == 4)
    await client.click(1 if duration == "15" else 2 if duration == "30" else 3)
    await client.click(style)
    await client.click(tone)
    cast = await client.wait_for_reply(lambda m: any("➡️" in t for t in m.button_texts))
    await client.click(next(t for t in cast.button_texts if "➡️" in t))
    return await client.wait_for_reply(lambda m: len(m.buttons) == buttons)


async def wait_preview(client: BotClient, queue: LocalQueue) -> StoredMessage:
    """Let the in-process queue finish, then return the preview video message."""
    await queue.join()
    return await client.wait_for_reply(lambda m: m.media_kind == "video" and bool(m.buttons))
