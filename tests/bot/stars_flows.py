"""Steps of the Stars tests: buy a plan from /plan, read the payment rows, press any data."""

from aiogram import Bot, Dispatcher
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import Payment, User
from db.queries import users
from tests.emulators.telegram import BotClient, CallbackRecord, StoredMessage
from tests.emulators.telegram.payments import PreCheckout


async def open_plan(client: BotClient) -> StoredMessage:
    await client.command("plan")
    return await client.wait_for_reply(lambda m: (m.text or "").startswith(("Your", "Ваш")))


async def invoice_from_plan(client: BotClient, plan: str = "Creator") -> StoredMessage:
    """/plan, then the plan's button: the invoice the bot sends."""
    await client.click(plan, message=await open_plan(client))
    return await client.wait_for_reply(lambda m: "invoice" in m.data)


async def buy(client: BotClient, plan: str = "Creator") -> tuple[PreCheckout, StoredMessage]:
    """Pay for `plan` from /plan; the checkout and the bot's receipt."""
    query = await client.pays(await invoice_from_plan(client, plan))
    receipt = await client.wait_for_reply(lambda m: m.text is not None and "⭐" in m.text)
    return query, receipt


async def payments_of(db: async_sessionmaker[AsyncSession], telegram_id: int) -> list[Payment]:
    async with db() as session:
        query = select(Payment).where(Payment.telegram_user_id == telegram_id)
        return list((await session.scalars(query.order_by(Payment.id))).all())


async def user_row(db: async_sessionmaker[AsyncSession], telegram_id: int) -> User:
    async with db() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id)
    assert user is not None
    return user


async def press_data(
    client: BotClient, dispatcher: Dispatcher, bot: Bot, data: str
) -> CallbackRecord:
    """A press carrying any callback_data (a tampered client), on the latest bot message."""
    emulator = client.emulator
    target = emulator.last_message(client.chat.id)
    assert target is not None
    record = emulator.user_clicks(client.user, target, data, strict=False, enqueue=False)
    assert record.update is not None
    await dispatcher.feed_raw_update(bot, record.update)
    return await client.wait_for_answer(record)
