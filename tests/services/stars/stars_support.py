"""Helpers of the Stars service tests: people, signed payloads, charges Telegram made."""

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.plan_settings import PlansSettings
from core.plans import PlanCode
from db.models import User
from db.queries import users
from services.payment_payload import InvoicePayload, PayloadSigner
from services.payment_records import PaidCharge
from tests.emulators.telegram import TelegramEmulator

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
PLANS = PlansSettings()
SIGNER = PayloadSigner(b"a test key, not the production one")


async def person(
    session: AsyncSession, emulator: TelegramEmulator, telegram_id: int, name: str = "Ann"
) -> User:
    """A user in the database and in Telegram."""
    emulator.add_user(telegram_id, name)
    user = await users.get_or_create_user(session, telegram_id, name, "en")
    await session.commit()
    return user


def payload_for(telegram_id: int, plan: PlanCode = PlanCode.CREATOR, stars: int = 1500) -> str:
    return SIGNER.sign(InvoicePayload(telegram_id, plan, stars, int(NOW.timestamp())))


def charged(
    emulator: TelegramEmulator, telegram_id: int, payload: str, stars: int = 1500
) -> PaidCharge:
    """A charge Telegram really made (in the emulator's ledger), as the bot receives it."""
    message = emulator.forge_successful_payment(
        emulator.state.users[telegram_id],
        payload=payload,
        total_amount=stars,
        record_charge=True,
        enqueue=False,
    )
    paid = message.data["successful_payment"]
    return PaidCharge(
        paid["currency"],
        paid["total_amount"],
        paid["invoice_payload"],
        paid["telegram_payment_charge_id"],
        paid["provider_payment_charge_id"],
    )
