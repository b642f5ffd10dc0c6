## Files that could not be fetched from Telegram (bot/download_errors.py)
error-download-failed = I could not fetch that file from Telegram. Nothing was lost: send it again in a minute.
