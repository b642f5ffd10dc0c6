"""A file the bot cannot fetch from Telegram (getFile or the download fails): the user hears
"send it again" in their language, the conversation stays where it was, and resending works."""

from collections.abc import Callable

import pytest
from bot_media import photo_png, silent_note
from conftest import ClientFactory

from tests.emulators.telegram import Fault, TelegramEmulator

FAULTS: dict[str, Callable[[TelegramEmulator], Fault]] = {
    "download 500": lambda emu: emu.faults.server_error("downloadFile"),
    "download cut off": lambda emu: emu.faults.cut_off("downloadFile"),
    "download HTML 502": lambda emu: emu.faults.bad_gateway("downloadFile"),
    "getFile unavailable": lambda emu: emu.faults.error(
        "getFile", 400, "Bad Request: wrong file_id or the file is temporarily unavailable"
    ),
    "getFile 500": lambda emu: emu.faults.server_error("getFile"),
}
SEND_AGAIN_EN = (
    "I could not fetch that file from Telegram. Nothing was lost: send it again in a minute."
)
SEND_AGAIN_RU = (
    "Не получилось забрать файл у Telegram. Ничего не потерялось: отправьте его ещё раз "
    "через минуту."
)


@pytest.mark.parametrize("fault", FAULTS)
async def test_character_photo_download_fails_then_resend_works(
    chat: ClientFactory, emulator: TelegramEmulator, fault: str
) -> None:
    kate = chat(6001, "Kate", "en")
    await kate.command("character")
    await kate.click("➕ New character")
    await kate.wait_for_reply(lambda m: "Send 1 to 5 photos" in (m.text or ""))
    FAULTS[fault](emulator)
    await kate.send_photo(photo_png((200, 80, 40)))
    assert (await kate.wait_for_reply()).text == SEND_AGAIN_EN
    assert emulator.faults.faults == []  # the fault fired (and only once)
    await kate.send_photo(photo_png((200, 80, 40)))
    assert "Photo 1 of up to 5 is fine" in ((await kate.wait_for_reply()).text or "")


async def test_voice_sample_download_fails_in_russian(
    chat: ClientFactory, emulator: TelegramEmulator
) -> None:
    lena = chat(6002, "Лена", "ru")
    await lena.command("voice")
    await lena.click("🎤 Новый голос по записям")
    await lena.wait_for_reply(lambda m: bool(m.buttons))
    emulator.faults.cut_off("downloadFile")
    await lena.send_voice(silent_note(4.0), duration=4)
    assert (await lena.wait_for_reply()).text == SEND_AGAIN_RU
    await lena.send_voice(silent_note(4.0), duration=4)  # still collecting samples
    assert (await lena.wait_for_reply()).text == (
        "В записи тишина. Проверьте микрофон и запишите снова."
    )
