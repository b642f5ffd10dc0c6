"""The Telegram bot: I/O and the composition root; the work is done by `pipeline/` services."""
