"""Stars invoices and the checkout (pre_checkout_query -> successful_payment) through a real
aiogram Bot and Dispatcher."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, LabeledPrice

from .echo_bot import polling
from .stars_bot import invoice_for, make_shop
from .telegram import BotClient, EmuUser, TelegramEmulator


async def test_send_invoice_stores_the_invoice_with_a_pay_button(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    sent = await bot.send_invoice(
        alice.id,
        title="Pro",
        description="30 days of Pro",
        payload="order-17",
        currency="XTR",
        prices=[LabeledPrice(label="Pro", amount=5000)],
    )

    assert sent.invoice is not None
    assert (sent.invoice.currency, sent.invoice.total_amount, sent.invoice.title) == (
        "XTR",
        5000,
        "Pro",
    )
    stored = emulator.last_message(alice.id)
    assert stored is not None
    assert stored.buttons == [{"text": "Pay ⭐️5000", "pay": True}]
    assert emulator.invoice_of(stored).payload == "order-17"


@pytest.mark.parametrize(
    ("changes", "description"),
    [
        ({"provider_token": "284685063:TEST:abc"}, "PAYMENT_PROVIDER_INVALID"),
        (
            {"prices": [LabeledPrice(label="a", amount=1), LabeledPrice(label="b", amount=2)]},
            "STARS_INVOICE_INVALID",
        ),
        ({"prices": [LabeledPrice(label="a", amount=0)]}, "CURRENCY_TOTAL_AMOUNT_INVALID"),
        ({"payload": "я" * 65}, "INVOICE_PAYLOAD_INVALID"),  # 130 bytes
        ({"title": "t" * 33}, "INVOICE_TITLE_INVALID"),
        ({"currency": "USD"}, "PAYMENT_PROVIDER_INVALID"),  # money needs a provider
        (
            {
                "reply_markup": InlineKeyboardMarkup(
                    inline_keyboard=[[InlineKeyboardButton(text="Info", callback_data="i")]]
                )
            },
            "REPLY_MARKUP_BUY_EMPTY",
        ),
    ],
)
async def test_send_invoice_refuses_what_telegram_refuses(
    bot: Bot,
    emulator: TelegramEmulator,
    alice: EmuUser,
    changes: dict[str, object],
    description: str,
) -> None:
    fields: dict[str, object] = {
        "title": "Creator",
        "description": "30 days",
        "payload": "p",
        "currency": "XTR",
        "prices": [LabeledPrice(label="Creator", amount=1500)],
    } | changes

    with pytest.raises(TelegramBadRequest, match=description):
        await bot.send_invoice(alice.id, **fields)  # type: ignore[arg-type]
    assert emulator.messages(alice.id) == []


async def test_custom_keyboard_keeps_its_pay_button_first(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text="Pay 1500 ⭐", pay=True)],
            [InlineKeyboardButton(text="Cancel", callback_data="cancel")],
        ]
    )
    await bot.send_invoice(
        alice.id,
        "Creator",
        "30 days",
        "p",
        currency="XTR",
        prices=[LabeledPrice(label="Creator", amount=1500)],
        reply_markup=markup,
    )
    stored = emulator.last_message(alice.id)
    assert stored is not None
    assert stored.button_texts == ["Pay 1500 ⭐", "Cancel"]


async def test_paying_runs_the_checkout_and_delivers_successful_payment(
    bot: Bot, emulator: TelegramEmulator, boris: EmuUser
) -> None:
    client = BotClient(emulator, boris, dispatcher=make_shop(), bot=bot)
    invoice = await invoice_for(client)

    query = await client.pays(invoice)

    assert query.status == "approved"
    assert query.charge is not None
    assert query.payment_message is not None
    payment = query.payment_message.data["successful_payment"]
    assert payment["invoice_payload"] == "creator"
    assert (payment["currency"], payment["total_amount"]) == ("XTR", 1500)
    assert payment["telegram_payment_charge_id"] == query.charge.charge_id
    assert payment["provider_payment_charge_id"]
    assert query.payment_message.data["from"]["id"] == boris.id
    reply = await client.wait_for_reply()
    assert reply.text == f"paid 1500 {query.charge.charge_id}"
    assert emulator.star_balance(boris) == 1_000_000 - 1500
    (check,) = emulator.calls("answerPreCheckoutQuery")
    assert check.params["pre_checkout_query_id"] == query.id
    with pytest.raises(ValueError, match="already paid"):
        await client.pays(invoice)


async def test_each_payment_gets_its_own_charge_id_under_polling(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    dispatcher = make_shop()
    async with polling(dispatcher, bot):
        await emulator.wait_until_polling()
        client = BotClient(emulator, alice)
        first = await client.pays(await invoice_for(client))
        second = await client.pays(await invoice_for(client, "pro 5000"))
        await client.wait_for_reply(lambda m: m.text is not None and "5000" in m.text)

    assert first.charge is not None
    assert second.charge is not None
    assert first.charge.charge_id != second.charge.charge_id
    assert "pre_checkout_query" in emulator.calls("getUpdates")[0].params["allowed_updates"]
    assert emulator.star_balance(alice) == 1_000_000 - 6500


async def test_a_declined_checkout_shows_the_reason_and_charges_nothing(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    client = BotClient(emulator, alice, dispatcher=make_shop(), bot=bot)

    query = await client.pays(await invoice_for(client, "no-longer-sold 1500"))

    assert (query.status, query.error_message) == ("declined", "This plan is no longer sold")
    assert query.charge is None
    assert [m for m in emulator.messages(alice.id) if "successful_payment" in m.data] == []
    assert emulator.star_balance(alice) == 1_000_000
    assert emulator.payments.transactions == []


async def test_an_unanswered_checkout_fails_and_a_late_answer_is_refused(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    emulator.payments.pre_checkout_timeout = 0.2
    client = BotClient(emulator, alice, dispatcher=make_shop(answer_checkouts=False), bot=bot)

    query = await client.pays(await invoice_for(client))

    assert (query.status, query.charge) == ("expired", None)
    with pytest.raises(TelegramBadRequest, match="QUERY_ID_INVALID"):
        await bot.answer_pre_checkout_query(query.id, ok=True)
    assert emulator.payments.charges == {}


async def test_answer_after_ten_seconds_on_the_clock_is_too_late(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    now = [1_000.0]
    emulator.state.clock = lambda: now[0]
    invoice = await bot.send_invoice(
        alice.id,
        "Creator",
        "30 days",
        "p",
        currency="XTR",
        prices=[LabeledPrice(label="Creator", amount=1500)],
    )
    query = emulator.user_pays(alice, emulator.message(alice.id, invoice.message_id))
    now[0] += 10.5

    with pytest.raises(TelegramBadRequest, match="QUERY_ID_INVALID"):
        await bot.answer_pre_checkout_query(query.id, ok=True)
    assert query.status == "expired"


async def test_answer_pre_checkout_query_errors(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    link = await bot.create_invoice_link(
        "Creator", "30 days", "p", currency="XTR", prices=[LabeledPrice(label="C", amount=1)]
    )
    assert link.startswith("https://t.me/$")
    query = emulator.user_pays(alice, link)

    with pytest.raises(TelegramBadRequest, match="ERROR_TEXT_EMPTY"):
        await bot.answer_pre_checkout_query(query.id, ok=False)
    with pytest.raises(TelegramBadRequest, match="QUERY_ID_INVALID"):
        await bot.answer_pre_checkout_query("42", ok=True)
    assert await bot.answer_pre_checkout_query(query.id, ok=True)
    with pytest.raises(TelegramBadRequest, match="QUERY_ID_INVALID"):
        await bot.answer_pre_checkout_query(query.id, ok=True)
    kinds = [next(k for k in u if k != "update_id") for u in emulator.pending_updates]
    assert kinds == ["pre_checkout_query", "message"]  # the successful_payment follows
    assert emulator.user_pays(alice, link).status == "pending"  # a link can be paid again
