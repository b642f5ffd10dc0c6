"""The command menu (setMyCommands) in both languages; admins also see their own."""

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from aiogram_i18n import I18nMiddleware

from core.i18n import DEFAULT_LANGUAGE
from core.settings import Settings
from services.accounts import LANGUAGES

USER_COMMANDS = (
    "start", "new", "batch", "voice", "character", "shorts", "analytics", "ideas", "accounts",
    "timezone", "lang", "help", "cancel", "delete_my_data", "usage", "plan", "api",
)  # fmt: skip
ADMIN_COMMANDS = ("stats", "user", "block", "unblock", "grant")


def command_list(
    i18n_middleware: I18nMiddleware, language: str, names: tuple[str, ...]
) -> list[BotCommand]:
    core = i18n_middleware.core
    return [
        BotCommand(command=name, description=core.get(f"cmd-{name}", language)) for name in names
    ]


async def set_commands(bot: Bot, i18n_middleware: I18nMiddleware, settings: Settings) -> None:
    """Runs at start-up: one list per language, the default one in English."""
    admin = USER_COMMANDS + ADMIN_COMMANDS
    for language in (None, *LANGUAGES):
        words = language or DEFAULT_LANGUAGE
        await bot.set_my_commands(
            command_list(i18n_middleware, words, USER_COMMANDS),
            scope=BotCommandScopeDefault(),
            language_code=language,
        )
        for admin_id in settings.bot.admin_ids:
            await bot.set_my_commands(
                command_list(i18n_middleware, words, admin),
                scope=BotCommandScopeChat(chat_id=admin_id),
                language_code=language,
            )
