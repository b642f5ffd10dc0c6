"""A refund the bot cannot make leaves everything as it was and says why: Telegram down,
the window over; a payment that lands after a block is recorded all the same."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stars_flows import buy, invoice_from_plan, open_plan, payments_of, user_row

from core.enums import PaymentStatus
from core.plans import PlanCode
from db.models import Payment, User
from tests.bot.conftest import ClientFactory
from tests.emulators.telegram import TelegramEmulator


async def test_telegram_down_during_a_refund_changes_nothing(
    chat: ClientFactory, emulator: TelegramEmulator, db: async_sessionmaker[AsyncSession]
) -> None:
    ann = chat(5001, "Ann", "en")
    await buy(ann)
    await ann.click("Refund", message=await open_plan(ann))
    confirm = await ann.wait_for_reply(lambda m: "Yes, refund" in " ".join(m.button_texts))
    emulator.faults.server_error("refundStarPayment")

    press = await ann.click("Yes, refund", message=confirm)
    await ann.wait_for_answer(press)

    assert press.show_alert
    assert press.answer_text == (
        "Telegram could not be reached to return the Stars. Nothing changed; try again in a "
        "minute."
    )
    assert [p.status for p in await payments_of(db, 5001)] == [PaymentStatus.PAID]
    assert (await user_row(db, 5001)).plan is PlanCode.CREATOR


async def test_a_purchase_older_than_the_refund_window_is_not_refunded(
    chat: ClientFactory, emulator: TelegramEmulator, db: async_sessionmaker[AsyncSession]
) -> None:
    boris = chat(5002, "Борис", "ru")
    await buy(boris)
    screen = await open_plan(boris)  # the button, from when it was still fresh
    bought = datetime.now(UTC) - timedelta(days=4)
    async with db() as session:
        await session.execute(
            update(Payment).where(Payment.telegram_user_id == 5002).values(created_at=bought)
        )
        await session.commit()

    press = await boris.click("Вернуть", message=screen)
    await boris.wait_for_answer(press)

    assert press.answer_text == (
        f"Покупку можно вернуть в течение 3 дней; эта сделана {bought:%d.%m.%Y}."
    )
    assert emulator.calls("refundStarPayment") == []
    assert "Вернуть" not in " ".join((await open_plan(boris)).button_texts)


async def test_a_payment_that_lands_after_a_block_is_still_recorded(
    chat: ClientFactory, emulator: TelegramEmulator, db: async_sessionmaker[AsyncSession]
) -> None:
    ann = chat(5003, "Ann", "en")
    payload = emulator.invoice_of(await invoice_from_plan(ann)).payload
    async with db() as session:  # blocked between the pre-checkout answer and the payment
        await session.execute(update(User).where(User.telegram_id == 5003).values(is_blocked=True))
        await session.commit()

    await ann.forge_payment(payload=payload, total_amount=1500, record_charge=True)

    receipt = await ann.wait_for_reply(lambda m: m.text is not None and "⭐" in m.text)
    assert "Creator" in (receipt.text or "")
    assert [p.status for p in await payments_of(db, 5003)] == [PaymentStatus.PAID]
    assert (await user_row(db, 5003)).plan is PlanCode.CREATOR
