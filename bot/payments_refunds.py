"""The `StarRefunds` port on the bot: refundStarPayment, Telegram's answers as results."""

import structlog
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest

from core.ports.payments import RefundResult

log = structlog.get_logger(__name__)


class BotStarRefunds:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def refund_stars(self, telegram_id: int, charge_id: str) -> RefundResult:
        try:
            await self.bot.refund_star_payment(telegram_id, charge_id)
        except TelegramBadRequest as error:
            if "CHARGE_ALREADY_REFUNDED" in error.message:
                return RefundResult.ALREADY_REFUNDED
            log.warning("stars.refund_refused", telegram_id=telegram_id, error=error.message)
            return RefundResult.REFUSED
        except TelegramAPIError as error:
            log.warning("stars.refund_failed", telegram_id=telegram_id, error=str(error))
            return RefundResult.UNAVAILABLE
        return RefundResult.REFUNDED
