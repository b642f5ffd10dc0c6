"""Downloading what users send, checked against the Bot API's 20 MB getFile limit first."""

from collections.abc import Collection
from pathlib import Path, PurePosixPath
from uuid import uuid4

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from bot.download_errors import DOWNLOAD_ERRORS, download_failed
from core.errors import InvalidInput

MB = 1024 * 1024
DOWNLOAD_LIMIT = 20 * MB  # https://core.telegram.org/bots/api#getfile
AUDIO_SUFFIXES = frozenset(
    {".ogg", ".oga", ".opus", ".mp3", ".m4a", ".mp4", ".wav", ".flac", ".aac", ".webm", ".mkv"}
)
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})


class FileTooBig(InvalidInput):
    key = "error-file-too-big"
    template = "The file is {size_mb} MB; bots can download at most {limit_mb} MB."


def _too_big(size: int | None) -> FileTooBig:
    size_mb = round((size or DOWNLOAD_LIMIT + MB) / MB, 1)
    return FileTooBig(size_mb=size_mb, limit_mb=DOWNLOAD_LIMIT // MB)


def download_name(file_name: str | None, suffixes: Collection[str], default: str) -> str:
    """A name to save a user's file under: random, never the user's own name (".." or a
    250-character name is no path), with their extension only when it is in `suffixes`
    (else `default`, e.g. ".ogg"). Show the user their own name, not this one."""
    suffix = PurePosixPath(file_name or "").suffix.lower()
    return uuid4().hex + (suffix if suffix in suffixes else default)


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
