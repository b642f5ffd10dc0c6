"""Studio jobs on real Redis: character variations requested through ArqQueue are run by the
`io` worker, not the `render` one, and reported through the notifier."""

import shutil
from pathlib import Path
from typing import Any

import pytest
from arq import ArqRedis
from arq.connections import RedisSettings
from infra.faces import grace_hopper
from queue_support import RecordingNotifier
from sqlalchemy import select
from test_arq_worker import provide

from core.ports import StudioJobState, StudioWork
from core.settings import ProvidersSettings
from db.models import CharacterVariation, VariationKind
from db.queries import users
from jobs.queue import ArqQueue
from jobs.registry import QueueName
from jobs.worker import build_worker, close_worker
from pipeline.context import JobCtx
from services import character_studio, variation_jobs

pytestmark = [
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
    pytest.mark.timeout(120),
]
BURST: dict[str, Any] = {"burst": True, "poll_delay": 0.05, "handle_signals": False}


async def test_the_io_worker_makes_the_variations_and_reports_them(
    job_ctx: JobCtx,
    notifier: RecordingNotifier,
    redis_settings: RedisSettings,
    arq_redis: ArqRedis,
    tmp_path: Path,
) -> None:
    photo = Path(shutil.copy(grace_hopper(), tmp_path / "grace.jpg"))
    async with job_ctx["sessionmaker"]() as session:
        user = await users.get_or_create_user(session, 7401, "Kate", "en")
        character = await character_studio.create_character(
            session, job_ctx["storage"], user.id, name="Grace", description="", photos=[photo],
            style="neon",
        )  # fmt: skip
        await session.commit()
        queued = await variation_jobs.request_variations(
            session, ProvidersSettings(), user.id, character.id,
            kinds=[VariationKind.MIRRORED], queue=ArqQueue(arq_redis),
        )  # fmt: skip
    assert queued

    workers = {
        name: build_worker(provide(job_ctx), redis_settings, queue=name, resume=False, **BURST)
        for name in (QueueName.RENDER, QueueName.IO)
    }
    for worker in workers.values():
        await worker.async_run()
        await close_worker(worker)

    assert (workers[QueueName.RENDER].jobs_complete, workers[QueueName.IO].jobs_complete) == (0, 1)
    *progress, event = notifier.studio_events  # the picture made, through the worker too
    assert [(e.state, e.key, e.params["done"], e.params["total"]) for e in progress] == [
        (StudioJobState.RUNNING, "pictures", 0, 1),
        (StudioJobState.RUNNING, "pictures", 1, 1),
    ]
    assert (event.work, event.state, event.entity_id) == (
        StudioWork.VARIATIONS,
        StudioJobState.READY,
        character.id,
    )
    async with job_ctx["sessionmaker"]() as session:
        made = (await session.scalars(select(CharacterVariation))).all()
    assert [v.kind for v in made] == [VariationKind.MIRRORED]
    assert event.params["made"] == [made[0].id]
