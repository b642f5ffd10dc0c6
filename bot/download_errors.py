"""Why downloading a user's file from Telegram failed, as a transient domain error.

The raw errors are no message for a user, and aiohttp's carry the download URL, which holds
the bot token (`/file/bot<token>/...`): the reason kept here never does.
"""

import aiohttp
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from core.errors import DomainError

# getFile's failures (its 400s, "file is too big" aside, are handled where that is told
# apart) and the download's own (aiohttp: a cut-off body, a 5xx, a refused connection).
DOWNLOAD_ERRORS = (
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    aiohttp.ClientError,
    TimeoutError,
)


class DownloadFailed(DomainError):
    """Telegram did not hand the file over (a network error, a 5xx, "file is temporarily
    unavailable"): the user sends it again, their conversation is where it was."""

    key = "error-download-failed"
    template = "Could not download the file from Telegram: {reason}"
    transient = True


def download_failed(error: Exception) -> DownloadFailed:
    """The domain error for one of DOWNLOAD_ERRORS, its reason free of URLs."""
    if isinstance(error, aiohttp.ClientResponseError):
        reason = f"HTTP {error.status}"
    elif isinstance(error, TelegramBadRequest | TelegramServerError | TelegramRetryAfter):
        reason = error.message  # Telegram's description: no URL in it
    else:
        reason = type(error).__name__
    return DownloadFailed(reason=reason)
