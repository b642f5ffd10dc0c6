"""services/shorts.submit_short: the person's choices by ID become the project's typed
options (voice and character owner-checked), committed queued, then enqueued once."""

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ProjectOrigin, ProjectStatus
from core.errors import NotFound
from core.plans import PlanCode
from core.settings import LimitsSettings
from db.base import utcnow
from db.models import Project, VoiceEngine
from db.queries import characters, users, voices
from jobs.queue import ArqQueue
from services.production import project_job_id
from services.schemas import ShortRequest, VoiceChoice
from services.shorts import submit_short
from storage.disk import Storage

LIMITS = LimitsSettings()
VOICE_PARAMS = {"voice": "en-us", "variant": "f3", "language": "en", "speed": 1.1, "pitch": 0.2}


async def _count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Project)) or 0)


async def test_stock_voice_offline_pictures_committed_then_enqueued(
    session: AsyncSession, storage_root: Path, arq_queue: ArqQueue
) -> None:
    user = await users.get_or_create_user(session, 7001, "Ann", "en")
    request = ShortRequest(topic="Why owls hoot", language="en", duration=15, pictures="offline")

    project = await submit_short(
        session, Storage(storage_root), user.id, request, limits=LIMITS, queue=arq_queue
    )

    assert (project.status, project.origin) == (ProjectStatus.QUEUED, ProjectOrigin.CHAT)
    assert (project.options.voice, project.options.images) == (VoiceChoice(), "offline")
    assert await arq_queue.is_pending(project_job_id(project.id, project.revision))


async def test_the_users_own_voice_becomes_the_projects_voice(
    session: AsyncSession, storage_root: Path, arq_queue: ArqQueue
) -> None:
    user = await users.get_or_create_user(session, 7002, "Bo", "en")
    voice = await voices.create_voice(
        session, user.id, name="Mine", engine=VoiceEngine.ESPEAK, params=VOICE_PARAMS,
        measured={}, consent_at=utcnow(),
    )  # fmt: skip
    request = ShortRequest(topic="Why cats purr", language="en", duration=15, voice_id=voice.id)

    project = await submit_short(
        session, Storage(storage_root), user.id, request, limits=LIMITS, queue=arq_queue
    )

    assert project.options.voice == VoiceChoice(
        engine="espeak", voice_id=voice.id, name="en-us", speed=1.1, pitch=0.2
    )


@pytest.mark.parametrize("field", ["voice_id", "character_id"])
async def test_another_users_voice_or_character_is_not_found_and_nothing_is_made(
    session: AsyncSession, storage_root: Path, arq_queue: ArqQueue, field: str
) -> None:
    owner = await users.get_or_create_user(session, 7003, "Owner", "en")
    mallory = await users.get_or_create_user(session, 7004, "Mallory", "en")
    voice = await voices.create_voice(
        session, owner.id, name="Theirs", engine=VoiceEngine.ESPEAK, params=VOICE_PARAMS,
        measured={}, consent_at=utcnow(),
    )  # fmt: skip
    character = await characters.create_character(
        session, owner.id, name="Theirs", description="", style="vivid", colours=[]
    )
    await session.commit()
    theirs = {"voice_id": voice.id, "character_id": character.id}[field]
    request = ShortRequest.model_validate({"topic": "Tea", "language": "en", field: theirs})

    with pytest.raises(NotFound):
        await submit_short(
            session, Storage(storage_root), mallory.id, request, limits=LIMITS, queue=arq_queue
        )
    assert await _count(session) == 0


@pytest.mark.parametrize(("plan", "marked"), [(PlanCode.FREE, True), (PlanCode.CREATOR, False)])
async def test_the_free_plans_shorts_are_watermarked(
    session: AsyncSession, storage_root: Path, arq_queue: ArqQueue, plan: PlanCode, marked: bool
) -> None:
    user = await users.get_or_create_user(session, 7010, "Wat", "en")
    user.plan = plan
    request = ShortRequest(topic="Why owls hoot", language="en", duration=15)

    project = await submit_short(
        session, Storage(storage_root), user.id, request, limits=LIMITS, queue=arq_queue
    )

    assert project.options.watermark is marked
