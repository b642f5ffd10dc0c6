"""100 emulated people chatting with the bot at once (menus, /new up to the summary,
/shorts, /help, the studios; nothing is rendered) and one JSON line of handler latency.

Latency per update: from the getUpdates answer that handed it to the bot to the bot's first
call answering in that chat (sendMessage, an edit or answerCallbackQuery), both taken from the
emulator's request records. The bot is `python -m bot` itself (embedded mode: SQLite and the
in-process queue) in its own process, polling the emulator that runs here.

Run: `python -m bench.bot [--users 100] [--think 1.0] [--arrival 2] [--db-url URL]`.
"""

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

from tests.emulators.telegram import BotClient, TelegramEmulator

ROOT = Path(__file__).resolve().parent.parent

ANSWERS = frozenset(
    {"sendmessage", "editmessagetext", "editmessagereplymarkup", "answercallbackquery"}
)
TOPICS = ("Почему осьминоги умные", "Why we dream", "Как варить кофе", "How bridges stand")


def outputs(client: BotClient) -> int:
    """How many messages and edits the bot has made in the person's chat (cheap to read)."""
    found = client.emulator.state.messages.get(client.chat.id, {}).values()
    return sum(1 + len(message.history) for message in found if message.from_bot)


async def until(check: Callable[[], bool], timeout: float = 60.0) -> None:  # noqa: ASYNC109
    """Poll a cheap check: waking 100 waiters on every event would load the emulator, and
    its answers are what the latency is measured by."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("the bot did not answer")
        await asyncio.sleep(0.01)


async def converse(client: BotClient, think: float, arrival: float, rng: random.Random) -> None:
    """One person's session; every step waits for the bot's answer, then thinks a little."""

    async def pause() -> None:
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))

    await asyncio.sleep(rng.uniform(0, arrival))  # people do not all press at one instant

    async def say(text: str) -> None:
        seen = outputs(client)
        await client.send(text)
        await until(lambda: outputs(client) > seen)
        await pause()

    async def press(button: str | int) -> None:
        record = await client.click(button)
        await until(lambda: record.answered)
        await pause()

    await say("/start")
    await press(rng.choice(["English", "Русский"]))
    await say("/help")
    await say("/new")
    await say(rng.choice(TOPICS))
    for step in (rng.randint(1, 3), rng.randint(1, 6), rng.randint(1, 5)):
        await press(step)
    await press("➡️")  # Next: the summary with Create / Back / Menu
    await press(2)  # Back to the cast
    await press("➡️")  # Next again
    await press(3)  # Menu: the conversation is dropped, nothing is created
    for command in ("/shorts", "/voice", "/character", "/lang", "/cancel"):
        await say(command)


def latencies(emulator: TelegramEmulator) -> list[float]:
    """Seconds from each update's delivery to the first answer in its chat."""
    delivered: list[tuple[float, int]] = []
    answers: dict[int, list[float]] = {}
    for record in emulator.requests:
        method = record.method.lower()
        if method == "getupdates" and record.ok:
            for update in record.result or []:
                payload = update.get("message") or update.get("callback_query", {})
                chat = payload.get("chat") or payload.get("message", {}).get("chat") or {}
                delivered.append((record.time, chat.get("id", 0)))
        elif method in ANSWERS and record.chat_id is not None:
            answers.setdefault(record.chat_id, []).append(record.time)
        elif method == "answercallbackquery":
            callback = emulator.state.callbacks.get(str(record.params.get("callback_query_id")))
            if callback is not None:
                answers.setdefault(callback.chat_id, []).append(record.time)
    found = []
    for at, chat_id in delivered:
        after = [t for t in answers.get(chat_id, []) if t >= at]
        if after:
            found.append(min(after) - at)
    return found


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def start_bot(
    emulator: TelegramEmulator, workdir: Path, db_url: str | None
) -> asyncio.subprocess.Process:
    """`python -m bot` in embedded mode (in-process queue), polling the emulator."""
    env = {
        **os.environ,
        "BOT__TOKEN": emulator.token,
        "BOT__API_URL": emulator.base_url,
        "DB__URL": db_url or f"sqlite+aiosqlite:///{workdir / 'bench.db'}",
        "STORAGE__ROOT": str(workdir / "storage"),
        "LOG__LEVEL": "WARNING",
    }
    env.pop("REDIS__URL", None)
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=ROOT, env=env, stderr=asyncio.subprocess.PIPE
    )


async def run(
    users: int, think: float, arrival: float, workdir: Path, db_url: str | None
) -> dict[str, Any]:
    """The bot runs as its own process (its own core), as in production; this process holds
    the emulator and the simulated people."""
    async with TelegramEmulator() as emulator:
        bot = await start_bot(emulator, workdir, db_url)
        try:
            await emulator.wait_until_polling(timeout=60)
            clients = [
                BotClient(
                    emulator,
                    emulator.add_user(500_000 + n, f"User {n}", language_code=lang),
                    timeout=60,
                )
                for n, lang in zip(range(users), ["ru", "en"] * users, strict=False)
            ]
            started = time.perf_counter()
            await asyncio.gather(
                *(converse(c, think, arrival, random.Random(n)) for n, c in enumerate(clients))  # noqa: S311
            )
            wall = time.perf_counter() - started
            cpu = psutil.Process(bot.pid).cpu_times()
            here = psutil.Process().cpu_times()
        finally:
            bot.send_signal(signal.SIGINT)
            await bot.communicate()
    found = latencies(emulator)
    throttled = sum(
        "Too many" in (m.text or "") or "Слишком много" in (m.text or "")
        for c in clients
        for m in emulator.messages(c.chat.id, from_bot=True)
    )
    return {
        "bench": "bot",
        "users": users,
        "updates": len(found),
        "p50_ms": round(statistics.median(found) * 1000, 1),
        "p95_ms": round(percentile(found, 0.95) * 1000, 1),
        "max_ms": round(max(found) * 1000, 1),
        "wall_s": round(wall, 1),
        "updates_per_s": round(len(found) / wall, 1),
        "bot_cpu_s": round(cpu.user + cpu.system, 1),
        "emulator_cpu_s": round(here.user + here.system, 1),
        "throttled": throttled,
        "errors": len(emulator.internal_errors),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between steps")
    parser.add_argument("--arrival", type=float, default=2.0, help="start spread, seconds")
    parser.add_argument("--db-url", help="default: a fresh SQLite file (embedded mode)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-bot-") as tmp:
        figures = await run(args.users, args.think, args.arrival, Path(tmp), args.db_url)
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
