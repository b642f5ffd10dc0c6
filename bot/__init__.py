"""The Telegram bot: parses updates, calls one `services/` use case each, renders the answer;
and the bot process's composition root."""
