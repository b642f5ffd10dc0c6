"""Uploads, file_id re-sends, getFile/download, size limits, photos and media groups."""

from __future__ import annotations

import hashlib

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramEntityTooLarge
from aiogram.types import BufferedInputFile, InputMediaPhoto, InputMediaVideo

from .telegram import EmuUser, TelegramEmulator

MB = 1024 * 1024


async def test_send_video_upload_then_resend_by_file_id(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser, tiny_mp4: bytes
) -> None:
    first = await bot.send_video(
        alice.id,
        BufferedInputFile(tiny_mp4, "short.mp4"),
        caption="<b>Draft</b>",
        parse_mode="HTML",
    )
    assert first.video is not None
    assert first.caption == "Draft"
    assert (first.video.width, first.video.height, first.video.duration) == (64, 96, 2)
    assert (first.video.file_name, first.video.mime_type) == ("short.mp4", "video/mp4")

    again = await bot.send_video(alice.id, first.video.file_id)
    assert again.video is not None
    assert again.video.file_id == first.video.file_id

    upload_request, resend_request = emulator.sent(alice.id, "sendVideo")
    (upload,) = upload_request.uploads
    assert (upload.filename, upload.size) == ("short.mp4", len(tiny_mp4))
    assert upload.sha256 == hashlib.sha256(tiny_mp4).hexdigest()
    assert upload_request.params["video"].startswith("attach://")
    assert upload_request.content_type == "multipart/form-data"
    assert resend_request.uploads == []
    assert resend_request.params["video"] == first.video.file_id
    assert emulator.file_of(emulator.message(alice.id, first.message_id)).data == tiny_mp4


async def test_explicit_video_metadata_wins_over_probing(bot: Bot, alice: EmuUser) -> None:
    sent = await bot.send_video(
        alice.id, BufferedInputFile(b"not really a video", "v.mp4"), width=1080, height=1920
    )
    assert sent.video is not None
    assert (sent.video.width, sent.video.height, sent.video.duration) == (1080, 1920, 0)


async def test_user_voice_can_be_downloaded_by_the_bot(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser, tiny_ogg: bytes
) -> None:
    message = emulator.user_sends_voice(alice, None, tiny_ogg)
    voice = message.media
    assert voice is not None
    assert voice["duration"] == 1
    assert voice["mime_type"] == "audio/ogg"

    file = await bot.get_file(voice["file_id"])
    assert file.file_path is not None
    assert file.file_path.startswith("voice/")
    downloaded = await bot.download(voice["file_id"])
    assert downloaded is not None
    assert downloaded.read() == tiny_ogg
    assert emulator.sent(method="downloadFile")[0].params == {"file_path": file.file_path}


async def test_get_file_refuses_files_over_20_mb(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    big = emulator.user_sends_document(alice, None, b"\0" * (20 * MB + 1), "raw.mov")
    assert big.media is not None
    with pytest.raises(TelegramBadRequest, match="file is too big"):
        await bot.get_file(big.media["file_id"])
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.get_file("no-such-file")


async def test_uploads_over_the_limit_are_rejected(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    assert emulator.files.upload_limit == 50 * MB
    emulator.files.upload_limit = 1000
    with pytest.raises(TelegramEntityTooLarge):
        await bot.send_document(alice.id, BufferedInputFile(b"x" * 1001, "big.bin"))
    assert emulator.sent(alice.id, "sendDocument")[0].status == 413
    await bot.send_document(alice.id, BufferedInputFile(b"x" * 1000, "ok.bin"))


async def test_photos_get_a_size_ladder(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser, tiny_png: bytes
) -> None:
    sent = await bot.send_photo(alice.id, BufferedInputFile(tiny_png, "cover.png"))
    assert sent.photo is not None
    assert [(p.width, p.height) for p in sent.photo] == [
        (90, 51),
        (320, 180),
        (800, 450),
        (1280, 720),
    ]
    from_user = emulator.user_sends_photo(alice, None, tiny_png, caption="ref")
    sizes = from_user.data["photo"]
    assert len(sizes) == 4
    assert from_user.caption == "ref"
    downloaded = await bot.download(sizes[-1]["file_id"])
    assert downloaded is not None
    assert downloaded.read()[:2] == b"\xff\xd8"
    with pytest.raises(TelegramBadRequest, match="type of file mismatch"):
        await bot.send_voice(alice.id, sizes[-1]["file_id"])


async def test_media_group_and_edit_media(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser, tiny_png: bytes, tiny_mp4: bytes
) -> None:
    album = await bot.send_media_group(
        alice.id,
        [
            InputMediaPhoto(media=BufferedInputFile(tiny_png, "a.png"), caption="scene 1"),
            InputMediaVideo(media=BufferedInputFile(tiny_mp4, "b.mp4")),
        ],
    )
    assert len(album) == 2
    assert album[0].media_group_id == album[1].media_group_id
    assert album[0].caption == "scene 1"
    assert album[1].video is not None

    edited = await bot.edit_message_media(
        InputMediaVideo(media=BufferedInputFile(tiny_mp4, "c.mp4"), caption="redone"),
        chat_id=alice.id,
        message_id=album[0].message_id,
    )
    assert not isinstance(edited, bool)
    assert edited.video is not None
    assert edited.photo is None
    assert emulator.message(alice.id, album[0].message_id).caption == "redone"


async def test_user_media_kinds(
    emulator: TelegramEmulator,
    alice: EmuUser,
    tiny_mp4: bytes,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    path = tmp_path_factory.mktemp("media") / "song.mp3"
    path.write_bytes(b"ID3 fake mp3")
    audio = emulator.user_sends_audio(alice, None, path, duration=7, title="Song")
    gif = emulator.user_sends_animation(alice, None, b"GIF89a....")
    video = emulator.user_sends_video(alice, None, tiny_mp4)

    assert audio.data["audio"]["file_name"] == "song.mp3"
    assert audio.data["audio"]["title"] == "Song"
    assert gif.media_kind == "animation"
    assert "document" in gif.data
    assert video.media is not None
    assert video.media["height"] == 96
    updates = [u for u in emulator.pending_updates if "message" in u]
    assert [u["message"]["message_id"] for u in updates] == [1, 2, 3]
