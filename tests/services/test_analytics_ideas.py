"""Ideas: the offline method (deterministic, in the person's language, grown from the best
Shorts) and the LLM path through the real `openai` client against the OpenAI emulator,
falling back to offline on a bad answer or a provider error."""

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from core.provider_settings import OpenAISettings, ProvidersSettings
from db.queries.metric_reads import recent_shorts
from pipeline.writers.llm_ideas import LLMIdeaWriter, idea_writer_from
from services.analytics import topic_ideas
from tests.emulators.openai import DEFAULT_KEY, ChatRequest, OpenAIEmulator
from tests.services.analytics_world import NOW, winners, world_of


def best_topics(request: ChatRequest) -> dict[str, str]:
    data = request.last_user_text.split("<<<DATA", 1)[1].split("DATA>>>", 1)[0]
    found: dict[str, str] = json.loads(data)["best_topics"]
    return found


def good_model(request: ChatRequest) -> dict[str, Any]:
    """Five fresh angles on the first best topic, in English."""
    first = best_topics(request)["1"]
    return {"ideas": [{"topic": f"{first}: new angle {n}", "based_on": 1} for n in range(5)]}


@pytest.fixture
async def emu() -> AsyncIterator[OpenAIEmulator]:
    async with OpenAIEmulator(responder=good_model) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


def writer_for(emu: OpenAIEmulator) -> LLMIdeaWriter:
    settings = OpenAISettings(base_url=emu.api_base, api_key=SecretStr(DEFAULT_KEY), timeout_s=10)
    return LLMIdeaWriter(settings)


async def test_offline_ideas_grow_from_the_best_and_carry_what_did_best(
    session: AsyncSession,
) -> None:
    world = await winners(session)

    ideas = await topic_ideas(session, world.user.id, now=NOW)
    again = await topic_ideas(session, world.user.id, now=NOW)

    assert ideas == again  # deterministic
    assert len(ideas) == 7
    assert len({i.topic for i in ideas}) == 7
    assert all(i.source == "offline" for i in ideas)
    assert ideas[0].topic == "Octopus #2: 3 mistakes almost everyone makes"  # the best rate
    # Every idea grows from the octopus Shorts; the winning style, the source's own tone
    # (tones had no clear winner) and the default length's seconds.
    sources = {pid for i in ideas for pid in i.based_on}
    octopus = {pid for pid, topic in await _topics(session, world.user.id) if "Octopus" in topic}
    assert sources <= octopus
    assert {(i.style, i.duration_s) for i in ideas} == {("comic", 40)}
    assert {i.tone for i in ideas} <= {"calm", "friendly"}


async def _topics(session: AsyncSession, user_id: int) -> list[tuple[int, str]]:
    return [(m.project_id, m.topic) for m in await recent_shorts(session, user_id, 100)]


async def test_offline_ideas_in_russian_and_none_without_shorts(session: AsyncSession) -> None:
    world = await world_of(session, "Ира", language="ru")
    await world.short("Как спят осьминоги", style="calm", duration=55)
    empty = await world_of(session, "Nobody")

    ideas = await topic_ideas(session, world.user.id, now=NOW, count=5)

    assert len(ideas) == 5
    assert ideas[0].topic == "«Как спят осьминоги»: 3 ошибки, которые делают почти все"
    assert all("«" in i.topic for i in ideas)
    assert {(i.style, i.duration_s) for i in ideas} == {("calm", 55)}
    assert await topic_ideas(session, empty.user.id, now=NOW) == []


async def test_llm_ideas_through_the_emulator(session: AsyncSession, emu: OpenAIEmulator) -> None:
    world = await winners(session)

    ideas = await topic_ideas(session, world.user.id, now=NOW, count=5, writer=writer_for(emu))

    assert [i.topic for i in ideas] == [f"Octopus #2: new angle {n}" for n in range(5)]
    assert all(i.source == "llm" and i.style == "comic" for i in ideas)
    (chat,) = emu.requests.to("chat")
    assert chat.json["response_format"]["json_schema"]["strict"] is True
    topics = dict(await _topics(session, world.user.id))
    assert {topics[i.based_on[0]] for i in ideas} == {"Octopus #2"}


async def test_a_bad_llm_answer_falls_back_to_offline(
    session: AsyncSession, emu: OpenAIEmulator
) -> None:
    world = await world_of(session, "Оля", language="ru")
    await world.short("Почему коты мурлычут")
    english = {"ideas": [{"topic": f"Cats purr for reason {n}", "based_on": 1} for n in range(5)]}
    emu.reply_with(english, english)  # in English for a Russian speaker, twice

    ideas = await topic_ideas(session, world.user.id, now=NOW, count=5, writer=writer_for(emu))

    assert emu.requests.count("chat") == 2  # the answer, then one repair
    repair = emu.requests.to("chat")[1].json["messages"][-1]["content"]
    assert "write it in Russian" in repair
    assert [i.source for i in ideas] == ["offline"] * 5


async def test_a_provider_error_falls_back_to_offline(
    session: AsyncSession, emu: OpenAIEmulator
) -> None:
    world = await world_of(session, "Max")
    await world.short("Why cats purr")
    emu.faults.server_error("chat")

    ideas = await topic_ideas(session, world.user.id, now=NOW, writer=writer_for(emu))

    assert len(ideas) == 7
    assert {i.source for i in ideas} == {"offline"}


def test_the_idea_writer_is_chosen_like_the_script_writer() -> None:
    assert idea_writer_from(ProvidersSettings(script="offline")) is None
    keyless = ProvidersSettings(script="openai,offline")  # api.openai.com needs a key
    assert idea_writer_from(keyless) is None
    local = ProvidersSettings(
        script="openai,offline", openai=OpenAISettings(base_url="http://127.0.0.1:9/v1")
    )
    assert isinstance(idea_writer_from(local), LLMIdeaWriter)
