"""End to end on the production queue: a Short asked for over the REST API is enqueued on
Redis (ArqQueue), a real arq burst worker makes it, and the API reports it done with an MP4
behind its signed URL."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from arq.connections import RedisSettings
from rest_support import ApiHarness
from video_support import app_on_queue, create_short, is_mp4

from jobs.queue import ArqQueue
from jobs.runtime import build_job_ctx
from jobs.worker import build_worker
from pipeline.context import JobCtx
from services.notices import api_notifier
from services.production import project_job_id

pytestmark = [
    # arq 0.28's Worker.close() still calls redis-py's deprecated `close()`.
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
]


@pytest.mark.render
@pytest.mark.timeout(300)
async def test_a_short_asked_over_http_is_made_by_the_arq_worker(
    rest: ApiHarness, arq_queue: ArqQueue, redis_url: str, tmp_path: Path
) -> None:
    headers = await rest.pro()
    async with app_on_queue(rest, arq_queue, tmp_path) as client:
        made = await create_short(client, headers)
        queued = (await client.get(made["status_url"], headers=headers)).json()
        assert queued["status"] == "queued"
        job_id = project_job_id(made["project_id"], 0)
        assert await arq_queue.is_pending(job_id)  # it waits on Redis, not in-process
        assert not await rest.queue.is_pending(job_id)

        ctx = build_job_ctx(
            rest.settings, rest.sessionmaker, api_notifier(rest.sessionmaker), rest.storage
        )

        @asynccontextmanager
        async def provide() -> AsyncIterator[JobCtx]:
            yield ctx

        worker = build_worker(
            provide, RedisSettings.from_dsn(redis_url), burst=True, poll_delay=0.05,
            handle_signals=False, resume=False,
        )  # fmt: skip
        await worker.async_run()
        await worker.close()
        assert (worker.jobs_complete, worker.jobs_failed, worker.jobs_retried) == (1, 0, 0)

        status = (await client.get(made["status_url"], headers=headers)).json()
        assert status["status"] == "done", status
        detail = await client.get(f"/api/video/project/{made['project_id']}", headers=headers)
        video = await client.get(detail.json()["files"]["video"])
        assert video.status_code == 200
        assert is_mp4(video.content)
