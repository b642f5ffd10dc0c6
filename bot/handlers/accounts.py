"""/accounts: the connected accounts, connect links, disconnect with a confirmation, and a
Telegram channel connected by a forwarded post or its @username."""

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PreviewAction, PreviewCb
from bot.keyboards.accounts import accounts_keyboard, accounts_text, confirm_disconnect
from bot.keyboards.menu import back_to_menu
from bot.publish_callbacks import AccountAction, AccountCb
from bot.publishing_kit import PublishingKit
from bot.states import ConnectChannel
from db.models import User
from publishers.telegram_verify import chat_ref_of
from services import account_screens, channel_accounts, social_accounts

THROTTLE = {"throttling_key": "default"}


async def _show(
    message: Message, i18n: I18nContext, session: AsyncSession, user: User,
    publishing: PublishingKit, *, edit: bool = False, notice: str = "",
) -> None:  # fmt: skip
    screen = await account_screens.accounts_screen(
        session, user.id, publishing.offered, clients=publishing.clients, web=publishing.web
    )
    text = notice + accounts_text(i18n, screen.accounts)
    markup = accounts_keyboard(i18n, screen.accounts, publishing.offered, screen.links)
    if edit:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)


async def cmd_accounts(
    message: Message, *, i18n: I18nContext, session: AsyncSession, user: User,
    publishing: PublishingKit, state: FSMContext,
) -> None:  # fmt: skip
    await state.clear()
    await _show(message, i18n, session, user, publishing)


async def on_list(
    query: CallbackQuery, *, i18n: I18nContext, session: AsyncSession, user: User,
    publishing: PublishingKit,
) -> None:  # fmt: skip
    if isinstance(query.message, Message):
        await _show(query.message, i18n, session, user, publishing)


async def on_disconnect(
    query: CallbackQuery, *, callback_data: AccountCb, i18n: I18nContext, session: AsyncSession,
    user: User,
) -> None:  # fmt: skip
    account = await social_accounts.get_account(session, user.id, callback_data.account_id)
    if isinstance(query.message, Message):
        platform = i18n.get(f"platform-{account.platform.value}")
        text = i18n.get(
            "accounts-disconnect-ask", platform=platform, name=html.quote(account.name)
        )
        await query.message.edit_text(text, reply_markup=confirm_disconnect(i18n, account.id))


async def on_confirm_disconnect(
    query: CallbackQuery, *, callback_data: AccountCb, i18n: I18nContext, session: AsyncSession,
    user: User, publishing: PublishingKit,
) -> None:  # fmt: skip
    account = await social_accounts.disconnect_account(
        session, user.id, callback_data.account_id, clients=publishing.clients,
        http=publishing.http(), cipher=publishing.cipher,
    )  # fmt: skip
    notice = i18n.get("accounts-disconnected", name=html.quote(account.name)) + "\n\n"
    if isinstance(query.message, Message):
        await _show(query.message, i18n, session, user, publishing, edit=True, notice=notice)


async def on_connect_channel(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await state.set_state(ConnectChannel.sending_channel)
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("channel-ask"), reply_markup=back_to_menu(i18n))


async def on_channel_message(
    message: Message, *, i18n: I18nContext, session: AsyncSession, user: User, bot: Bot,
    state: FSMContext, publishing: PublishingKit,
) -> None:  # fmt: skip
    """A forwarded post or an @username; a refusal says why and keeps waiting."""
    account = await channel_accounts.connect_channel(
        session, user.id, chat_ref_of(message), bot=bot
    )
    await state.clear()
    notice = i18n.get("channel-connected", name=html.quote(account.name)) + "\n\n"
    await _show(message, i18n, session, user, publishing, notice=notice)


async def on_preview_connect(
    query: CallbackQuery, *, i18n: I18nContext, session: AsyncSession, user: User,
    publishing: PublishingKit,
) -> None:  # fmt: skip
    if isinstance(query.message, Message):
        await _show(query.message, i18n, session, user, publishing)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_accounts, Command("accounts"), flags=THROTTLE)
    cb, action = router.callback_query.register, F.action
    cb(on_list, AccountCb.filter(action == AccountAction.LIST), flags=THROTTLE)
    cb(on_disconnect, AccountCb.filter(action == AccountAction.DISCONNECT), flags=THROTTLE)
    confirm = AccountCb.filter(action == AccountAction.CONFIRM_DISCONNECT)
    cb(on_confirm_disconnect, confirm, flags=THROTTLE)
    cb(on_connect_channel, AccountCb.filter(action == AccountAction.CONNECT), flags=THROTTLE)
    cb(on_preview_connect, PreviewCb.filter(action == PreviewAction.CONNECT), flags=THROTTLE)
    not_command = ~F.text.startswith("/")
    router.message.register(
        on_channel_message, ConnectChannel.sending_channel, not_command, flags=THROTTLE
    )
    return router
