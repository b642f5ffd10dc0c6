"""refundStarPayment, getStarTransactions, and forged or replayed successful_payment
messages, through a real aiogram Bot and Dispatcher."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import TransactionPartnerUser

from .stars_bot import invoice_for, make_shop, paid_charge_id
from .telegram import BotClient, EmuUser, TelegramEmulator


async def test_refund_returns_the_stars_once_and_tells_the_bot(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    client = BotClient(emulator, alice, dispatcher=make_shop(), bot=bot)
    query = await client.pays(await invoice_for(client))
    assert query.charge is not None
    charge_id = query.charge.charge_id

    assert await bot.refund_star_payment(alice.id, charge_id)
    await client.feed_service_updates()

    assert emulator.star_balance(alice) == 1_000_000
    assert emulator.payments.charges[charge_id].refunded_at is not None
    refunded = [m for m in emulator.messages(alice.id) if "refunded_payment" in m.data]
    assert refunded[0].data["refunded_payment"]["telegram_payment_charge_id"] == charge_id
    assert emulator.last_message(alice.id).text == "refunded 1500 creator"  # type: ignore[union-attr]
    with pytest.raises(TelegramBadRequest, match="CHARGE_ALREADY_REFUNDED"):
        await bot.refund_star_payment(alice.id, charge_id)
    assert emulator.star_balance(alice) == 1_000_000


async def test_refund_of_a_charge_that_is_not_that_users_is_not_found(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser, boris: EmuUser
) -> None:
    charge_id = await paid_charge_id(emulator, bot, alice)

    with pytest.raises(TelegramBadRequest, match="CHARGE_NOT_FOUND"):
        await bot.refund_star_payment(boris.id, charge_id)
    with pytest.raises(TelegramBadRequest, match="CHARGE_NOT_FOUND"):
        await bot.refund_star_payment(alice.id, "stx-made-up")
    with pytest.raises(TelegramBadRequest, match="USER_ID_INVALID"):
        await bot.refund_star_payment(999, charge_id)
    assert emulator.payments.refunds() == []
    assert emulator.star_balance(alice) == 1_000_000 - 1500


async def test_star_transactions_list_payments_and_refunds_in_order(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser, boris: EmuUser
) -> None:
    first = await paid_charge_id(emulator, bot, alice)
    second = await paid_charge_id(emulator, bot, boris)
    await bot.refund_star_payment(alice.id, first)

    listed = (await bot.get_star_transactions()).transactions

    assert [(t.id, t.amount) for t in listed] == [(first, 1500), (second, 1500), (first, 1500)]
    assert isinstance(listed[0].source, TransactionPartnerUser)
    assert listed[0].receiver is None
    assert (listed[0].source.user.id, listed[0].source.invoice_payload) == (alice.id, "creator")
    assert isinstance(listed[2].receiver, TransactionPartnerUser)
    assert listed[2].source is None
    assert listed[2].receiver.user.id == alice.id
    page = (await bot.get_star_transactions(offset=1, limit=1)).transactions
    assert [t.id for t in page] == [second]


async def test_a_forged_payment_reaches_the_bot_but_telegram_knows_no_such_charge(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser, boris: EmuUser
) -> None:
    client = BotClient(emulator, boris, dispatcher=make_shop(), bot=bot)

    forged = await client.forge_payment(payload="alice-order", total_amount=1)

    payment = forged.data["successful_payment"]
    assert forged.data["from"]["id"] == boris.id
    assert (payment["invoice_payload"], payment["total_amount"]) == ("alice-order", 1)
    reply = await client.wait_for_reply()
    assert reply.text == f"paid 1 {payment['telegram_payment_charge_id']}"
    with pytest.raises(TelegramBadRequest, match="CHARGE_NOT_FOUND"):
        await bot.refund_star_payment(boris.id, payment["telegram_payment_charge_id"])
    assert emulator.star_balance(boris) == 1_000_000


async def test_a_forged_payment_with_a_recorded_charge_can_be_refunded(
    bot: Bot, emulator: TelegramEmulator, boris: EmuUser
) -> None:
    forged = emulator.forge_successful_payment(
        boris, payload="alice-order", total_amount=7, record_charge=True
    )
    charge_id = forged.data["successful_payment"]["telegram_payment_charge_id"]
    assert emulator.star_balance(boris) == 1_000_000 - 7

    assert await bot.refund_star_payment(boris.id, charge_id)
    assert emulator.star_balance(boris) == 1_000_000
    kinds = [next(k for k in u if k != "update_id") for u in emulator.pending_updates]
    assert kinds == ["message", "message"]  # the forged payment, then refunded_payment


async def test_a_replayed_payment_reaches_the_bot_twice_with_the_same_charge(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    client = BotClient(emulator, alice, dispatcher=make_shop(), bot=bot)
    query = await client.pays(await invoice_for(client))
    assert query.payment_message is not None
    assert query.charge is not None

    await client.replay(query.payment_message)

    assert [m.text for m in client.replies()] == [f"paid 1500 {query.charge.charge_id}"]
    texts = [m.text for m in emulator.messages(alice.id, from_bot=True)]
    assert texts.count(f"paid 1500 {query.charge.charge_id}") == 2
    assert len(emulator.payments.charges) == 1
    assert emulator.star_balance(alice) == 1_000_000 - 1500


async def test_paying_needs_enough_stars(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    client = BotClient(emulator, alice, dispatcher=make_shop(), bot=bot)
    emulator.set_star_balance(alice, 100)

    with pytest.raises(ValueError, match="100 Stars only"):
        await client.pays(await invoice_for(client))
