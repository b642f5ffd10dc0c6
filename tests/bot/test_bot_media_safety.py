"""Through the bot, as a user would: a playlist or list sent as a recording is refused as
"not audio" in the user's language, and nothing of the other user's recording it names is
stored or used; odd file names ("..", ".", 250 characters) are just names."""

import tempfile
from pathlib import Path

import pytest
from bot_media import photo_png, speech_note
from conftest import ClientFactory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.models import User, VoiceSample
from tests.emulators.telegram import BotClient
from tests.infra.media_attacks import Victim, attack_bytes, attack_name, victim_files

PLAYLISTS = ("hls-relative", "hls-absolute", "hls-file-url", "hls-ts-segment", "ffconcat")
ODD_NAMES = ("..", ".", "a" * 250 + ".ogg", "../../../etc/passwd", "voice\nnote.ogg")
MPEGURL = "application/vnd.apple.mpegurl"


async def _user_id(db: async_sessionmaker[AsyncSession], telegram_id: int) -> int:
    async with db() as session:
        user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
    assert user is not None
    return user.id


async def _victim(chat: ClientFactory, db: async_sessionmaker[AsyncSession], root: Path) -> Victim:
    """Another user, with a recording, a video and a segment in their project's inputs."""
    victim = chat(8100, "Victor", "en")
    await victim.command("start")
    await victim.wait_for_reply()
    return victim_files(root / "users" / str(await _user_id(db, 8100)))


def _playlist(kind: str, victim: Victim) -> bytes:
    # Relative entries are written for the bot's download folder, a child of the temp dir.
    base = Path(tempfile.gettempdir()) / "download-folder"
    return attack_bytes(kind, victim.recording, victim, base)


async def _send_playlists(client: BotClient, victim: Victim, refusal: str) -> None:
    for kind in PLAYLISTS:
        await client.send_document(_playlist(kind, victim), attack_name(kind), MPEGURL)
        reply = await client.wait_for_reply()
        assert refusal in (reply.text or ""), kind


async def _nothing_kept(
    db: async_sessionmaker[AsyncSession], root: Path, telegram_id: int
) -> None:
    user_id = await _user_id(db, telegram_id)
    async with db() as session:
        samples = await session.scalars(select(VoiceSample).where(VoiceSample.user_id == user_id))
        assert samples.all() == []
    kept = [p for p in (root / "users" / str(user_id)).rglob("*") if p.is_file()]
    assert kept == []


@pytest.mark.parametrize(
    ("language", "button", "prompt", "refusal"),
    [
        ("en", "🎤 New voice from recordings", "Send voice messages", "That is not audio"),
        ("ru", "🎤 Новый голос по записям", "Пришлите голосовые", "Это не звук"),
    ],
)
async def test_voice_studio_refuses_playlists_of_another_users_recording(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
    language: str,
    button: str,
    prompt: str,
    refusal: str,
) -> None:
    victim = await _victim(chat, db, settings.storage.root)
    mallory = chat(8101, "Mallory", language)
    await mallory.command("voice")
    await mallory.wait_for_reply()
    await mallory.click(button)
    await mallory.wait_for_reply(lambda m: prompt in (m.text or ""))

    await _send_playlists(mallory, victim, refusal)

    await _nothing_kept(db, settings.storage.root, 8101)


async def _to_voiceover_step(client: BotClient, button: str, prompt: str) -> None:
    await client.command("new")
    await client.send("Why cats sleep so much")
    for step in (1, 1, 1):  # 15 s, the first style, the first tone
        await client.click(step)
    await client.wait_for_reply(lambda m: button in m.button_texts)
    await client.click(button)
    await client.wait_for_reply(lambda m: prompt in (m.text or ""))


@pytest.mark.parametrize(
    ("language", "button", "prompt", "refusal"),
    [
        ("en", "🎤 My own voiceover", "Send your voiceover", "That is not audio"),
        ("ru", "🎤 Моя озвучка", "Пришлите свою озвучку", "Это не аудио"),
    ],
)
async def test_new_short_voiceover_refuses_playlists_of_another_users_recording(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
    language: str,
    button: str,
    prompt: str,
    refusal: str,
) -> None:
    victim = await _victim(chat, db, settings.storage.root)
    mallory = chat(8102, "Mallory", language)
    await _to_voiceover_step(mallory, button, prompt)

    await _send_playlists(mallory, victim, refusal)

    await _nothing_kept(db, settings.storage.root, 8102)
    await mallory.send("?")  # still waiting for a recording: the step was kept
    assert "🎤" not in (await mallory.wait_for_reply()).button_texts


async def test_odd_file_names_of_voice_samples_are_just_names(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    olga = chat(8103, "Olga", "en")
    await olga.command("voice")
    await olga.click("🎤 New voice from recordings")
    await olga.wait_for_reply(lambda m: "Send voice messages" in (m.text or ""))
    note = await speech_note(
        "Hello, this is my voice for the studio. I speak slowly and clearly today.",
        "en",
        tmp_path,
        "n",
    )

    for name in ODD_NAMES:
        await olga.send_document(note, name, "audio/ogg")
        reply = (await olga.wait_for_reply()).text or ""
        assert reply.startswith("🎧 Recording checked"), (name, reply)

    async with db() as session:
        samples = (await session.scalars(select(VoiceSample))).all()
    assert len(samples) == len(ODD_NAMES)
    assert all(s.path.endswith(".wav") for s in samples)


async def test_odd_file_names_of_character_photos_are_just_names(chat: ClientFactory) -> None:
    nina = chat(8104, "Nina", "ru")
    await nina.command("character")
    await nina.click("➕ Новый персонаж")
    await nina.wait_for_reply(lambda m: "Пришлите от 1 до 5 фото" in (m.text or ""))

    for number, name in enumerate(ODD_NAMES[:4], start=1):
        await nina.send_document(photo_png((200, 120, 40)), name, "image/png")
        reply = (await nina.wait_for_reply()).text or ""
        assert reply.startswith(f"📷 Фото {number} из"), (name, reply)
