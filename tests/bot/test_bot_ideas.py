"""Ideas through the real dispatcher: /ideas (and the button under /analytics) lists the
next topics; one tap starts New Short with the topic, style, tone and length filled in, the
batch button starts a batch of them; a tampered or old button is refused in words."""

from datetime import UTC, datetime

from aiogram import Bot, Dispatcher
from analytics_seed import seed_numbers
from conftest import ClientFactory
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stars_flows import press_data

from bot.analytics_callbacks import IdeaAction, IdeaCb
from bot.states import NewShort
from core.plans import PlanCode
from db.base import utcnow
from db.models import User


async def _state(dispatcher: Dispatcher, bot: Bot, telegram_id: int) -> tuple[str | None, dict]:
    context = dispatcher.fsm.get_context(bot, chat_id=telegram_id, user_id=telegram_id)
    return await context.get_state(), await context.get_data()


async def test_an_idea_is_one_tap_from_a_new_short(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], dispatcher: Dispatcher, bot: Bot
) -> None:
    ann = chat(8401, "Ann", "en")
    await ann.command("start")
    await seed_numbers(db, 8401, now=utcnow())

    await ann.command("ideas")
    listed = await ann.wait_for_reply(lambda m: "Ideas for your next Shorts" in (m.text or ""))
    buttons = listed.button_texts
    assert 5 <= len(buttons) - 1 <= 10
    assert buttons[0].startswith("1. ")
    assert buttons[-1] == "📦 All of them as a batch"
    first_topic = (await _state(dispatcher, bot, 8401))[1]["ideas"][0]["topic"]

    await ann.click(1)
    started = await ann.wait_for_reply(lambda m: "New Short from an idea" in (m.text or ""))
    assert first_topic[:30] in (started.text or "")
    state, data = await _state(dispatcher, bot, 8401)
    assert data["topic"] == first_topic
    assert state in {
        NewShort.choosing_cast.state, NewShort.choosing_duration.state,
        NewShort.choosing_style.state, NewShort.choosing_tone.state,
    }  # fmt: skip
    if state == NewShort.choosing_cast.state:  # the idea carried length, style and tone
        cast = await ann.wait_for_reply(lambda m: "Voice and character" in (m.text or ""))
        assert cast.buttons
        assert data["duration"] in (15, 30, 60)
        assert data["style"]
        assert data["tone"]


async def test_ideas_in_russian_as_a_batch_and_tampered_buttons(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], dispatcher: Dispatcher, bot: Bot
) -> None:
    vera, eve = chat(8402, "Vera", "ru"), chat(8403, "Eve", "en")
    await vera.command("start")
    await eve.command("start")
    await seed_numbers(db, 8402, now=utcnow())

    await vera.command("analytics")
    await vera.wait_for_reply(lambda m: "в цифрах" in (m.text or ""))
    report = next(
        m for m in vera.emulator.messages(8402, from_bot=True) if "💡 Идеи" in m.button_texts
    )
    await vera.click("💡 Идеи", message=report)
    listed = await vera.wait_for_reply(lambda m: "Идеи для следующих роликов" in (m.text or ""))
    _, data = await _state(dispatcher, bot, 8402)
    token, count = data["ideas_token"], len(data["ideas"])

    past_end = IdeaCb(action=IdeaAction.ONE, token=token, index=count)
    old_list = IdeaCb(action=IdeaAction.ONE, token="not-this-one", index=0)  # noqa: S106
    for forged in (past_end, old_list):
        answer = await press_data(vera, dispatcher, bot, forged.pack())
        assert answer.show_alert
        assert answer.answer_text == (
            "Эти идеи устарели или не ваши: откройте /ideas, чтобы получить свежие."
        )
    unpackable = await press_data(vera, dispatcher, bot, f"idea:one:{token}:99")
    assert unpackable.answer_text == "Эта кнопка устарела или не ваша. Откройте меню: /menu"
    foreign = await press_data(
        eve, dispatcher, bot, IdeaCb(action=IdeaAction.ONE, token=token).pack()
    )
    assert (
        foreign.answer_text
        == "These ideas are out of date or not yours: open /ideas for fresh ones."
    )
    assert (await _state(dispatcher, bot, 8403))[0] is None

    refused = await vera.click("📦 Все сразу пакетом", message=listed)
    await vera.wait_for_answer(refused)
    assert refused.show_alert
    assert "Creator" in (refused.answer_text or "")  # the free plan has no batches
    async with db() as session:
        await session.execute(
            update(User)
            .where(User.telegram_id == 8402)
            .values(plan=PlanCode.CREATOR, plan_expires_at=datetime(2099, 1, 1, tzinfo=UTC))
        )
        await session.commit()
    await vera.click("📦 Все сразу пакетом", message=listed)
    batch = await vera.wait_for_reply(lambda m: "Теперь выберите" in (m.text or ""))
    assert batch.buttons
    state, data = await _state(dispatcher, bot, 8402)
    assert state == NewShort.choosing_duration.state
    assert [item["topic"] for item in data["batch"]] == [idea["topic"] for idea in data["ideas"]]
    assert len(data["batch"]) == count
