"""New Short with fal.ai configured: the summary's toggle between AI pictures and free
offline art, and a project that chose offline art renders without asking fal."""

import pytest
from bot_flows import order_short, wait_preview
from conftest import ClientFactory
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import ArtifactKind
from core.settings import FalSettings, ProvidersSettings, Settings
from db.models import Artifact, Project
from jobs.queue import LocalQueue

pytestmark = [pytest.mark.render, pytest.mark.timeout(240)]

AI = "🎨 Pictures: AI (fal.ai, ≈$0.05 per scene)"
OFFLINE = "🎨 Pictures: offline art (free)"
FAL_ON = ProvidersSettings(
    images="fal,offline",
    fal=FalSettings(
        api_key=SecretStr("key:secret"), queue_host="127.0.0.1:9", price_per_image=0.05
    ),
)


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """The bot tests' settings; with fal.ai configured when parametrized with True."""
    fal = getattr(request, "param", False)
    return settings.model_copy(update={"providers": FAL_ON}) if fal else settings


@pytest.mark.parametrize("settings", [True], indirect=True)
async def test_the_pictures_toggle_flips_and_reaches_the_project(
    chat: ClientFactory, queue: LocalQueue, db: async_sessionmaker[AsyncSession]
) -> None:
    alice = chat(3101, "Alice", "en")
    summary = await order_short(alice, "Why cats purr", buttons=5)
    assert summary.button_texts[:4] == [AI, "💬 Captions: Bold ▸", "✅ Create", "⬅️ Back"]

    await alice.click(AI)
    flipped = await alice.wait_for_reply(lambda m: OFFLINE in m.button_texts)
    assert flipped.message_id == summary.message_id
    assert "Why cats purr" in (flipped.text or "")
    await alice.click(OFFLINE)
    await alice.wait_for_reply(lambda m: AI in m.button_texts)
    await alice.click(AI)
    await alice.wait_for_reply(lambda m: OFFLINE in m.button_texts)

    await alice.click("✅ Create")
    await wait_preview(alice, queue)
    async with db() as session:
        project = (await session.scalars(select(Project))).one()
        stills = await session.scalars(
            select(Artifact).where(
                Artifact.project_id == project.id, Artifact.kind == ArtifactKind.SCENE_IMAGE
            )
        )
        sources = {row.meta["source"] for row in stills}
    assert project.options.images == "offline"
    assert sources == {"procedural"}


async def test_without_fal_there_is_no_pictures_toggle(chat: ClientFactory) -> None:
    bob = chat(3102, "Bob", "ru")
    summary = await order_short(bob, "Почему кошки мурлычут")
    assert not any("🎨" in text for text in summary.button_texts)
