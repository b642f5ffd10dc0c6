"""One button publishes a Short to all five platforms, exactly once, through the real
services, the publish job and the embedded queue against the five emulators."""

from datetime import timedelta
from pathlib import Path

import pytest

from core.enums import MetricsState, Platform, PublicationState
from core.ports import PublicationNews
from services.publishing import publish_short
from tests.jobs.queue_support import RecordingNotifier
from tests.platforms.runtime import worker_process
from tests.platforms.world import publishing_world
from tests.services.publishing_support import (
    EVERY_PLATFORM,
    news_of,
    publications_of,
    states_of,
)


async def _publish_twice(folder: Path, db_url: str | None) -> None:
    notifier = RecordingNotifier()
    async with (
        publishing_world(folder, db_url=db_url) as world,
        worker_process(world.settings, notifier) as worker,
    ):
        short = await world.add_short()
        async with worker.sessionmaker() as session:
            created = await publish_short(
                session, world.user_id, short, world.choices(), when=None, queue=worker.queue
            )
        assert {p.platform for p in created} == EVERY_PLATFORM
        await worker.queue.join()

        assert await states_of(worker.sessionmaker, short) == dict.fromkeys(
            EVERY_PLATFORM, PublicationState.PUBLISHED
        )
        assert world.emulators.public_posts() == dict.fromkeys(EVERY_PLATFORM, 1)
        rows = await publications_of(worker.sessionmaker, short)
        for platform, row in rows.items():  # the first metrics read is an hour later
            assert row.published_at is not None
            due = None if platform is Platform.TELEGRAM else row.published_at + timedelta(hours=1)
            state = MetricsState.UNSUPPORTED if due is None else MetricsState.COLLECTING
            assert (row.metrics_state, row.metrics_due_at) == (state, due), platform
        published = news_of(notifier.publication_events, PublicationNews.PUBLISHED)
        assert set(published) == EVERY_PLATFORM
        urls = {p: str(e.params["url"]) for p, e in published.items() if e.params["url"]}
        assert set(urls) == EVERY_PLATFORM, urls
        assert all(url.startswith("https://") for url in urls.values()), urls

        async with worker.sessionmaker() as session:
            again = await publish_short(
                session, world.user_id, short, world.choices(), when=None, queue=worker.queue
            )
        await worker.queue.join()
        assert again == []
        assert world.emulators.public_posts() == dict.fromkeys(EVERY_PLATFORM, 1)
        assert len(notifier.publication_events) == len(Platform)


async def test_one_call_publishes_to_all_five_once_on_sqlite(tmp_path: Path) -> None:
    await _publish_twice(tmp_path, None)


@pytest.mark.usefixtures("pg_url")
async def test_one_call_publishes_to_all_five_once_on_postgres(
    tmp_path: Path, pg_url: str
) -> None:
    await _publish_twice(tmp_path, pg_url)
