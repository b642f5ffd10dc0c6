"""Throttling on every step of New Short (and the preview buttons): a flood of any step is
cut off after the throttle's burst, while a person going at a human pace never is."""

from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.fsm.state import State
from bot_flows import order_short
from bot_seed import count_projects, seed_projects
from conftest import ClientFactory
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks import NewAction, NewShortCb, Tone
from bot.handlers import get_routers
from bot.middlewares.throttling import ThrottlingMiddleware
from bot.states import NewShort
from core.enums import ProjectStatus
from core.settings import Settings
from tests.emulators.telegram import BotClient, TelegramEmulator

BURST = 8  # updates the throttle lets through at once (ThrottlingMiddleware's default)
FLOOD = 10  # updates per step in a flood
THROTTLED = "Too many messages at once. Wait a couple of seconds, then go on."
STEPS: dict[str, tuple[State, NewShortCb | str]] = {
    "topic": (NewShort.entering_topic, "Why owls hoot at night"),
    "duration": (NewShort.choosing_duration, NewShortCb(action=NewAction.DURATION, value=15)),
    "duration as text": (NewShort.choosing_duration, "30"),
    "style": (NewShort.choosing_style, NewShortCb(action=NewAction.STYLE, style="vivid")),
    "tone": (NewShort.choosing_tone, NewShortCb(action=NewAction.TONE, tone=Tone.CALM)),
    "voice": (NewShort.choosing_cast, NewShortCb(action=NewAction.VOICE, value=0)),
    "character": (NewShort.choosing_cast, NewShortCb(action=NewAction.CHARACTER, value=0)),
    "cast as text": (NewShort.choosing_cast, "the other voice"),
    "own voiceover": (NewShort.choosing_cast, NewShortCb(action=NewAction.VOICEOVER)),
    "voiceover as text": (NewShort.sending_voiceover, "here it comes"),
    "voiceover back": (NewShort.sending_voiceover, NewShortCb(action=NewAction.BACK)),
    "next": (NewShort.choosing_cast, NewShortCb(action=NewAction.NEXT)),
    "back": (NewShort.confirming, NewShortCb(action=NewAction.BACK)),
    "pictures": (NewShort.confirming, NewShortCb(action=NewAction.PICTURES)),
    "confirm": (NewShort.confirming, NewShortCb(action=NewAction.CONFIRM)),
    "confirm as text": (NewShort.confirming, "go"),
}


class Pace:
    """The throttle's clock: a second per update at a human pace, frozen in a flood."""

    def __init__(self) -> None:
        self.now, self.step = 0.0, 1.0

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def pace() -> Pace:
    return Pace()


@pytest.fixture
def throttling(pace: Pace) -> ThrottlingMiddleware:
    return ThrottlingMiddleware(clock=pace)


class Flood:
    """Sends one step's update again and again, the conversation put back at that step
    before each (as when a client fires a step's update faster than the bot can move on)."""

    def __init__(self, client: BotClient, dispatcher: Dispatcher, bot: Bot) -> None:
        self.client, self.dispatcher, self.bot = client, dispatcher, bot
        chat_id, user_id = client.chat.id, client.user.id
        self.fsm = dispatcher.fsm.get_context(bot=bot, chat_id=chat_id, user_id=user_id)

    async def handled(
        self, state: State, update: NewShortCb | str, data: dict[str, Any], times: int = 1
    ) -> int:
        """How many of `times` updates reached the step's handler (the rest were throttled)."""
        emulator, chat_id = self.client.emulator, self.client.chat.id
        seen = len(emulator.messages(chat_id, from_bot=True))
        throttled = 0
        for _ in range(times):
            await self.fsm.set_state(state)
            await self.fsm.set_data(data)
            if isinstance(update, str):
                await self.client.send(update)
                continue
            # A fresh message under each press: a handler editing the same one twice would
            # get "message is not modified" from Telegram.
            sent = await self.bot.send_message(chat_id, "·")
            target = emulator.message(chat_id, sent.message_id)
            press = emulator.user_clicks(
                self.client.user, target, update.pack(), strict=False, enqueue=False
            )
            assert press.update is not None
            await self.dispatcher.feed_raw_update(self.bot, press.update)
            throttled += press.answer_text == THROTTLED
        if isinstance(update, str):
            texts = [m.text for m in emulator.messages(chat_id, from_bot=True)[seen:]]
            throttled = times - sum(text != THROTTLED for text in texts)
        return times - throttled


async def test_a_flood_on_each_step_is_throttled_a_human_pace_is_not(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    emulator: TelegramEmulator,
    dispatcher: Dispatcher,
    bot: Bot,
    pace: Pace,
) -> None:
    alice = chat(7001, "Alice", "en")
    await order_short(alice, "Why owls hoot at night")  # at a human pace: never throttled
    assert THROTTLED not in [m.text for m in emulator.messages(alice.chat.id, from_bot=True)]
    # Two Shorts in the making: every confirm that gets through is refused, none is made.
    await seed_projects(db, 7001, ProjectStatus.QUEUED, ProjectStatus.QUEUED)
    flood = Flood(alice, dispatcher, bot)
    data = await flood.fsm.get_data()

    # A person a second apart, through every step (twice the burst in all): never throttled.
    human = {
        name: await flood.handled(state, update, data) for name, (state, update) in STEPS.items()
    }
    flooded = {}
    for name, (state, update) in STEPS.items():
        pace.now += 60  # a minute later the budget is full again
        pace.step = 0.0  # then FLOOD updates at once
        flooded[name] = await flood.handled(state, update, data, FLOOD)

    assert human == dict.fromkeys(STEPS, 1)
    assert flooded == dict.fromkeys(STEPS, BURST)
    assert await count_projects(db) == 2


def test_every_new_short_and_preview_handler_is_throttled(settings: Settings) -> None:
    conversation = {
        "bot.handlers.new_project",
        "bot.handlers.new_project_cast",
        "bot.handlers.new_project_pictures",
        "bot.handlers.new_project_voiceover",
        "bot.handlers.preview",
    }
    handlers = [
        handler
        for router in get_routers(settings.bot)
        for observer in (router.message, router.callback_query)
        for handler in observer.handlers
        if handler.callback.__module__ in conversation
    ]

    assert len(handlers) >= 25
    assert [h.callback.__name__ for h in handlers if not h.flags.get("throttling_key")] == []
