"""Upgrades paid with Telegram Stars through the real Dispatcher and the Telegram emulator:
/plan -> invoice -> pre-checkout -> successful_payment -> the plan; refused checkouts,
forged and replayed payments, refunds, expiry, reminders and /grant, in both languages."""

from datetime import UTC, datetime, timedelta

from aiogram import Bot, Dispatcher
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stars_flows import buy, invoice_from_plan, open_plan, payments_of, press_data, user_row

from bot.callbacks import PlanAction, PlanCb
from core.enums import PaymentStatus
from core.plan_settings import PlansSettings
from core.plans import PlanCode
from core.settings import Settings
from db.models import User
from tests.bot.conftest import ClientFactory
from tests.emulators.telegram import TelegramEmulator


async def test_buying_creator_gives_creator_until_a_date(
    chat: ClientFactory, emulator: TelegramEmulator, db: async_sessionmaker[AsyncSession]
) -> None:
    ann = chat(5001, "Ann", "en")
    screen = await open_plan(ann)
    assert screen.text is not None
    assert screen.text.startswith("Your plan: Free")
    assert screen.button_texts == ["Creator: 1,500 ⭐", "Pro: 5,000 ⭐", "Agency: 15,000 ⭐"]

    query, receipt = await buy(ann)

    assert query.status == "approved"
    assert query.charge is not None
    assert (receipt.text or "").startswith(
        "✅ Payment received: 1,500 ⭐. Your plan is Creator until"
    )
    (payment,) = await payments_of(db, 5001)
    assert (payment.status, payment.plan, payment.stars) == (
        PaymentStatus.PAID,
        PlanCode.CREATOR,
        1500,
    )
    assert payment.charge_id == query.charge.charge_id
    after = await open_plan(ann)
    assert (after.text or "").startswith("Your plan: Creator\nPaid until ")
    assert "Shorts this month: 0 of 50" in (after.text or "")
    assert "↩️ Refund Creator (1,500 ⭐)" in after.button_texts
    invoice = emulator.sent(5001, "sendInvoice")[0].params
    assert (invoice["currency"], invoice["prices"][0]["amount"]) == ("XTR", 1500)


async def test_in_russian(chat: ClientFactory) -> None:
    boris = chat(5002, "Борис", "ru")

    query, receipt = await buy(boris, "Pro")

    assert query.status == "approved"
    assert (receipt.text or "").startswith("✅ Оплата получена: 5\u00a0000 ⭐. Ваш тариф Pro до ")
    assert ((await open_plan(boris)).text or "").startswith("Ваш тариф: Pro\nОплачен до ")


async def test_a_price_change_after_the_invoice_is_refused_at_checkout(
    chat: ClientFactory, settings: Settings, db: async_sessionmaker[AsyncSession]
) -> None:
    ann, boris = chat(5001, "Ann", "en"), chat(5002, "Борис", "ru")
    invoice = await invoice_from_plan(ann)
    russian_invoice = await invoice_from_plan(boris)
    settings.plans = PlansSettings(creator_stars=2000)

    query = await ann.pays(invoice)
    russian = await boris.pays(russian_invoice)

    assert (query.status, query.error_message) == (
        "declined",
        "The price of Creator is now 2,000 ⭐. Open /plan for a new invoice.",
    )
    assert (
        russian.error_message
        == "Цена Creator теперь 2\u00a0000 ⭐. Откройте /plan, чтобы получить новый счёт."
    )
    assert await payments_of(db, 5001) == []
    assert (await user_row(db, 5001)).plan is PlanCode.FREE


async def test_a_forged_payment_for_another_user_grants_nothing_and_is_refunded(
    chat: ClientFactory, emulator: TelegramEmulator, db: async_sessionmaker[AsyncSession]
) -> None:
    ann, bob = chat(5001, "Ann", "en"), chat(5002, "Bob", "en")
    invoice = await invoice_from_plan(ann)
    anns = emulator.invoice_of(invoice).payload

    forged = await bob.forge_payment(payload=anns, total_amount=1500, record_charge=True)
    reply = await bob.wait_for_reply()

    assert reply.text == (
        "⚠️ This payment was not accepted and no plan was granted. This invoice was made "
        "for someone else. Open /plan to get your own.\nYour 1,500 ⭐ were returned to you."
    )
    charge_id = forged.data["successful_payment"]["telegram_payment_charge_id"]
    (call,) = emulator.calls("refundStarPayment")
    assert (call.params["user_id"], call.params["telegram_payment_charge_id"]) == (
        "5002",
        charge_id,
    )
    (rejected,) = await payments_of(db, 5002)
    assert rejected.status is PaymentStatus.REJECTED
    assert rejected.refunded_at is not None
    assert (await user_row(db, 5001)).plan is PlanCode.FREE
    assert (await user_row(db, 5002)).plan is PlanCode.FREE


async def test_a_wrong_amount_or_an_unknown_charge_is_refused(
    chat: ClientFactory, emulator: TelegramEmulator, db: async_sessionmaker[AsyncSession]
) -> None:
    ann = chat(5001, "Ann", "ru")
    payload = emulator.invoice_of(await invoice_from_plan(ann)).payload

    await ann.forge_payment(payload=payload, total_amount=1, record_charge=True)
    cheap = await ann.wait_for_reply()
    await ann.forge_payment(payload=payload, total_amount=2)  # and Telegram never charged it
    unknown = await ann.wait_for_reply()

    assert cheap.text == (
        "⚠️ Эта оплата не принята, тариф не выдан. Оплачено 1 ⭐, а счёт был на 1\u00a0500 ⭐.\n"
        "Ваши 1 ⭐ возвращены."
    )
    assert (unknown.text or "").startswith("⚠️ Эта оплата не принята, тариф не выдан.")
    assert "Вернуть звёзды автоматически не вышло" in (unknown.text or "")
    assert [p.status for p in await payments_of(db, 5001)] == [PaymentStatus.REJECTED] * 2
    assert (await user_row(db, 5001)).plan is PlanCode.FREE


async def test_a_replayed_payment_grants_once(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession]
) -> None:
    ann = chat(5001, "Ann", "en")
    query, _ = await buy(ann)
    expires = (await user_row(db, 5001)).plan_expires_at
    assert query.payment_message is not None

    await ann.replay(query.payment_message)
    again = await ann.wait_for_reply()

    assert (again.text or "").startswith("This payment was already counted: your plan is Creator")
    assert len(await payments_of(db, 5001)) == 1
    assert (await user_row(db, 5001)).plan_expires_at == expires


async def test_a_fresh_purchase_is_refunded_from_plan(
    chat: ClientFactory, emulator: TelegramEmulator, db: async_sessionmaker[AsyncSession]
) -> None:
    ann = chat(5001, "Ann", "en")
    query, _ = await buy(ann)
    screen = await open_plan(ann)

    await ann.click("Refund", message=screen)
    confirm = await ann.wait_for_reply(
        lambda m: m.button_texts == ["↩️ Yes, refund", "Keep the plan"]
    )
    assert (
        confirm.text
        == "Refund 1,500 ⭐ for Creator? The plan ends now and your Stars go back to you."
    )
    await ann.click("Yes, refund", message=confirm)
    done = await ann.wait_for_reply(lambda m: (m.text or "").startswith("↩️"))

    assert done.text == "↩️ Refunded: 1,500 ⭐ are back with you. Your plan is Free now."
    assert query.charge is not None
    assert emulator.payments.charges[query.charge.charge_id].refunded_at is not None
    (payment,) = await payments_of(db, 5001)
    assert payment.status is PaymentStatus.REFUNDED
    assert ((await open_plan(ann)).text or "").startswith("Your plan: Free")
    assert len(emulator.calls("refundStarPayment")) == 1


async def test_someone_elses_payment_behind_a_tampered_button_is_not_found(
    chat: ClientFactory,
    dispatcher: Dispatcher,
    bot: Bot,
    emulator: TelegramEmulator,
    db: async_sessionmaker[AsyncSession],
) -> None:
    ann, mallory = chat(5001, "Ann", "en"), chat(5002, "Мэллори", "ru")
    await buy(ann)
    (payment,) = await payments_of(db, 5001)
    await open_plan(mallory)

    for action in (PlanAction.REFUND, PlanAction.REFUND_YES):
        data = PlanCb(action=action, payment_id=payment.id).pack()
        answer = await press_data(mallory, dispatcher, bot, data)
        assert (answer.show_alert, answer.answer_text) == (
            True,
            "Не найдено: это удалено или принадлежит не вам.",
        )
    assert emulator.calls("refundStarPayment") == []
    assert (await payments_of(db, 5001))[0].status is PaymentStatus.PAID


async def test_a_refund_telegram_made_takes_the_plan_back(
    chat: ClientFactory, bot: Bot, db: async_sessionmaker[AsyncSession]
) -> None:
    ann = chat(5001, "Ann", "en")
    query, _ = await buy(ann)
    assert query.charge is not None

    await bot.refund_star_payment(5001, query.charge.charge_id)  # as Telegram's support would
    await ann.feed_service_updates()
    told = await ann.wait_for_reply(lambda m: (m.text or "").startswith("↩️"))

    assert told.text == "↩️ Refunded: 1,500 ⭐ are back with you. Your plan is Free now."
    assert (await payments_of(db, 5001))[0].status is PaymentStatus.REFUNDED


async def test_a_plan_past_its_expiry_is_free(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession]
) -> None:
    ann = chat(5001, "Ann", "en")
    await buy(ann)
    past = datetime.now(UTC) - timedelta(minutes=1)
    async with db() as session:
        await session.execute(
            update(User).where(User.telegram_id == 5001).values(plan_expires_at=past)
        )
        await session.commit()

    screen = await open_plan(ann)

    assert (screen.text or "").startswith("Your plan: Free")
    assert "Shorts this month: 0 of 5" in (screen.text or "")
