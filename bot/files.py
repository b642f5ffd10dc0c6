"""Downloading what users send, checked against the Bot API's 20 MB getFile limit first."""

from pathlib import Path

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from bot.download_errors import DOWNLOAD_ERRORS, download_failed
from pipeline.errors import InvalidInput

MB = 1024 * 1024
DOWNLOAD_LIMIT = 20 * MB  # https://core.telegram.org/bots/api#getfile


class FileTooBig(InvalidInput):
    key = "error-file-too-big"
    template = "The file is {size_mb} MB; bots can download at most {limit_mb} MB."


def _too_big(size: int | None) -> FileTooBig:
    size_mb = round((size or DOWNLOAD_LIMIT + MB) / MB, 1)
    return FileTooBig(size_mb=size_mb, limit_mb=DOWNLOAD_LIMIT // MB)


async def download(bot: Bot, file_id: str, size: int | None, destination: Path) -> Path:
    """Save a user's file to `destination`; a file over the limit is refused before getFile."""
    if size is not None and size > DOWNLOAD_LIMIT:
        raise _too_big(size)
    try:
        await bot.download(file_id, destination=destination)
    except TelegramBadRequest as error:
        # The size is optional in updates; Telegram then refuses in getFile.
        if "too big" in error.message:
            raise _too_big(size) from error
        raise download_failed(error) from error
    except DOWNLOAD_ERRORS as error:
        raise download_failed(error) from error
    return destination
