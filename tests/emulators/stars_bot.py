"""A tiny aiogram shop used by the payment tests: /buy sends a Stars invoice, the checkout
is approved unless the payload starts with "no", and each successful_payment is echoed."""

from __future__ import annotations

from aiogram import Bot, Dispatcher, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import LabeledPrice, Message, PreCheckoutQuery

from .telegram import BotClient, EmuUser, StoredMessage, TelegramEmulator


def shop_router(*, answer_checkouts: bool = True) -> Router:
    router = Router(name="shop")

    @router.message(Command("buy"))
    async def buy(message: Message, command: CommandObject) -> None:
        payload, _, amount = (command.args or "creator 1500").partition(" ")
        await message.answer_invoice(
            title="Creator",
            description="30 days of Creator",
            payload=payload,
            currency="XTR",
            prices=[LabeledPrice(label="Creator", amount=int(amount))],
        )

    if answer_checkouts:

        @router.pre_checkout_query()
        async def checkout(query: PreCheckoutQuery) -> None:
            if query.invoice_payload.startswith("no"):
                await query.answer(ok=False, error_message="This plan is no longer sold")
            else:
                await query.answer(ok=True)

    @router.message(F.successful_payment)
    async def paid(message: Message) -> None:
        payment = message.successful_payment
        assert payment is not None
        await message.answer(f"paid {payment.total_amount} {payment.telegram_payment_charge_id}")

    @router.message(F.refunded_payment)
    async def refunded(message: Message) -> None:
        refund = message.refunded_payment
        assert refund is not None
        await message.answer(f"refunded {refund.total_amount} {refund.invoice_payload}")

    return router


def make_shop(*, answer_checkouts: bool = True) -> Dispatcher:
    dispatcher = Dispatcher()
    dispatcher.include_router(shop_router(answer_checkouts=answer_checkouts))
    return dispatcher


async def invoice_for(client: BotClient, args: str = "creator 1500") -> StoredMessage:
    await client.command("buy", args)
    return await client.wait_for_reply(lambda m: "invoice" in m.data)


async def paid_charge_id(emulator: TelegramEmulator, bot: Bot, user: EmuUser) -> str:
    """`user` buys Creator through the shop in feed mode; the charge id."""
    client = BotClient(emulator, user, dispatcher=make_shop(), bot=bot)
    query = await client.pays(await invoice_for(client))
    assert query.charge is not None
    return query.charge.charge_id
