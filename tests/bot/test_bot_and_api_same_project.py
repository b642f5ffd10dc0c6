"""One person, two doors: the bot and the REST API acting on the same projects see the same
state (one database, one storage root), in both directions. Two real renders: one asked for
in the chat, one over HTTP."""

import hashlib
from pathlib import Path
from typing import Any

import pytest
from bot_flows import order_short, wait_preview
from conftest import ClientFactory
from rest_world import ApiHarness, running_rest_app
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.plans import PlanCode
from core.settings import Settings
from db.queries import users
from jobs.queue import LocalQueue
from services.api_keys import create_api_key
from services.plan_grants import grant_plan
from tests.emulators.telegram import BotClient, StoredMessage, TelegramEmulator

pytestmark = [pytest.mark.render, pytest.mark.timeout(420)]

BOT_TOPIC = "Why owls hunt at night"
API_TOPIC = "How bees find flowers"


async def _pro_key(
    db: async_sessionmaker[AsyncSession], rest: ApiHarness, telegram_id: int
) -> dict[str, str]:
    """The person who pressed /start gets the Pro plan and an API key."""
    async with db() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id)
        assert user is not None
        await grant_plan(session, user.id, PlanCode.PRO, days=30, now=rest.clock())
        await session.commit()
        made = await create_api_key(session, user.id, now=rest.clock())
    return {"Authorization": f"Bearer {made.secret}"}


async def _get(rest: ApiHarness, url: str, key: dict[str, str]) -> Any:
    response = await rest.client.get(url, headers=key)
    assert response.status_code == 200, response.text
    return response.json()


async def _served_video_sha(rest: ApiHarness, detail: dict[str, Any]) -> str:
    """The SHA-256 of the video the API's signed media URL serves."""
    video = await rest.client.get(detail["files"]["video"])
    assert video.status_code == 200, video.text
    return hashlib.sha256(video.content).hexdigest()


def _sent_video_shas(emulator: TelegramEmulator, client: BotClient) -> list[str]:
    """The SHA-256 of every video the bot uploaded to this chat, in order."""
    return [r.uploads[0].sha256 for r in emulator.sent(client.chat.id, "sendVideo", ok=True)]


async def _my_shorts(client: BotClient) -> StoredMessage:
    await client.command("shorts")
    return await client.wait_for_reply(lambda m: "My Shorts" in (m.text or ""))


async def _open_card(client: BotClient, listing: StoredMessage, button: str) -> list[str | None]:
    """Open a Short from My Shorts; the kinds of the messages its card sent."""
    await client.click(button, message=listing)
    await client.wait_for_reply(lambda m: "Script" in (m.text or ""))
    return [m.media_kind for m in client.replies()]


async def _made_over_http_shows_in_the_bot(
    rest: ApiHarness, key: dict[str, str], client: BotClient, bot_short: tuple[int, str]
) -> None:
    """A Short made over HTTP: the bot's My Shorts lists it first, done, with the API's video
    (`bot_short`: the chat's earlier project ID and its video's SHA-256)."""
    body = {"topic": API_TOPIC, "duration": 15}
    created = await rest.client.post("/api/video/create-short", json=body, headers=key)
    assert created.status_code == 202, created.text
    api_project = created.json()["project_id"]
    await rest.queue.join()
    polled = await _get(rest, created.json()["status_url"], key)
    assert polled["status"] == "done", polled
    page = await _get(rest, "/api/video/projects", key)
    assert [i["project_id"] for i in page["items"]] == [api_project, bot_short[0]]
    listing = await _my_shorts(client)
    assert listing.button_texts[:2] == [f"✅ {API_TOPIC}", f"✅ {BOT_TOPIC}"]
    kinds = await _open_card(client, listing, f"✅ {API_TOPIC}")
    assert kinds[:3] == ["video", "document", "photo"]
    api_sha = await _served_video_sha(
        rest, await _get(rest, f"/api/video/project/{api_project}", key)
    )
    assert _sent_video_shas(client.emulator, client)[-1] == api_sha
    assert api_sha != bot_short[1]


async def test_bot_and_rest_api_see_the_same_projects(
    *,
    chat: ClientFactory,
    emulator: TelegramEmulator,
    queue: LocalQueue,
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
    tmp_path: Path,
) -> None:
    alice = chat(3101, "Alice", "en")
    await alice.command("start")
    await alice.wait_for_reply()
    async with running_rest_app(tmp_path, db) as rest:
        assert rest.settings.storage.root == settings.storage.root
        key = await _pro_key(db, rest, 3101)

        # Made in the chat: the API lists it, done, with the very video the bot previewed.
        await order_short(alice, BOT_TOPIC)
        await alice.click("✅ Create")
        preview = await wait_preview(alice, queue)
        page = await _get(rest, "/api/video/projects", key)
        (item,) = page["items"]
        project_id = item["project_id"]
        assert (item["topic"], item["status"], item["batch_job_id"]) == (BOT_TOPIC, "done", None)
        status = await _get(rest, f"/api/video/project/{project_id}/status", key)
        assert (status["status"], status["error_key"]) == ("done", None)
        detail = await _get(rest, f"/api/video/project/{project_id}", key)
        assert (detail["revision"], detail["options"]["approved"]) == (0, False)
        assert detail["options"]["duration"] == 15
        assert await _served_video_sha(rest, detail) == _sent_video_shas(emulator, alice)[-1]

        # Approved over HTTP: the bot's My Shorts has it ready, and its card sends that video.
        approved = await rest.client.post(f"/api/video/project/{project_id}/approve", headers=key)
        assert approved.status_code == 200, approved.text
        assert approved.json()["options"]["approved"] is True
        stored = await _get(rest, f"/api/video/project/{project_id}", key)  # another session
        assert stored["options"]["approved"] is True
        listing = await _my_shorts(alice)
        assert listing.button_texts[0] == f"✅ {BOT_TOPIC}"
        kinds = await _open_card(alice, listing, f"✅ {BOT_TOPIC}")
        assert kinds[:3] == ["video", "document", "photo"]
        shas = _sent_video_shas(emulator, alice)
        assert shas[-1] == shas[0]  # the card's video is the previewed one
        # The preview's own Approve agrees: already approved, the files arrive, buttons go.
        press = await alice.click("✅ Approve", message=preview)
        await alice.wait_for_answer(press)
        await alice.wait_for_reply(lambda m: "Hashtags" in (m.text or ""))
        assert emulator.message(alice.chat.id, preview.message_id).buttons == []
        again = await _get(rest, f"/api/video/project/{project_id}", key)
        assert (again["revision"], again["options"]["approved"]) == (0, True)

        await _made_over_http_shows_in_the_bot(rest, key, alice, (project_id, shas[0]))
