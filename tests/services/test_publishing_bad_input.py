"""Bad input gets a clear answer and posts nothing it should not: a time in the past, a
Short longer than X takes (X fails with the reason, the others publish), a cancelled
schedule."""

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from core.enums import Platform, PublicationState
from core.errors import InvalidInput
from core.ports import PublicationNews
from db.base import utcnow
from jobs.publish_jobs import queue_publications
from publishers.limits import MediaNotAccepted
from services.publishing import cancel_publication, publish_short
from tests.jobs.queue_support import RecordingNotifier
from tests.platforms.runtime import worker_process
from tests.platforms.world import publishing_world
from tests.services.publishing_support import news_of, publications_of

LONGER_THAN_X_S = 150.0  # X takes 140 s; YouTube Shorts 180 s
BESIDE_X = frozenset({Platform.X, Platform.YOUTUBE, Platform.TELEGRAM})


async def test_a_time_in_the_past_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    async with publishing_world(tmp_path) as world:
        short = await world.add_short()
        async with worker_process(world.settings, RecordingNotifier()) as worker:
            async with worker.sessionmaker() as session:
                with pytest.raises(InvalidInput):
                    await publish_short(
                        session, world.user_id, short, world.choices(),
                        when=utcnow() - timedelta(hours=1), queue=worker.queue,
                    )  # fmt: skip
            assert await publications_of(worker.sessionmaker, short) == {}


async def test_a_short_too_long_for_x_fails_there_and_publishes_elsewhere(
    tmp_path: Path,
) -> None:
    notifier = RecordingNotifier()
    async with publishing_world(tmp_path) as world:
        short = await world.add_short("A long Short", seconds=LONGER_THAN_X_S)
        async with worker_process(world.settings, notifier) as worker:
            async with worker.sessionmaker() as session:
                await publish_short(
                    session, world.user_id, short, world.choices("A long Short", BESIDE_X),
                    when=None, queue=worker.queue,
                )  # fmt: skip
            await worker.queue.join()
            rows = await publications_of(worker.sessionmaker, short)
        assert {p: row.state for p, row in rows.items()} == {
            Platform.X: PublicationState.FAILED,
            Platform.YOUTUBE: PublicationState.PUBLISHED,
            Platform.TELEGRAM: PublicationState.PUBLISHED,
        }
        assert rows[Platform.X].error_key == MediaNotAccepted.key
        failed = news_of(notifier.publication_events, PublicationNews.FAILED)
        assert set(failed) == {Platform.X}
        assert failed[Platform.X].key == MediaNotAccepted.key
        assert failed[Platform.X].params["what"] == "duration"
        assert world.emulators.x.requests.to("initialize") == []  # not a byte went to X
        posts = world.emulators.public_posts()
        assert (posts[Platform.X], posts[Platform.YOUTUBE], posts[Platform.TELEGRAM]) == (0, 1, 1)


async def test_a_cancelled_schedule_is_never_posted(tmp_path: Path) -> None:
    async with publishing_world(tmp_path) as world:
        short = await world.add_short()
        when = utcnow() + timedelta(seconds=1)
        chosen = world.choices(platforms=frozenset({Platform.X, Platform.TELEGRAM}))
        async with worker_process(world.settings, RecordingNotifier()) as worker:
            async with worker.sessionmaker() as session:
                created = await publish_short(
                    session, world.user_id, short, chosen, when=when, queue=worker.queue
                )
                for publication in created:
                    await cancel_publication(session, world.user_id, publication.id)
            await asyncio.sleep(max(0.0, (when - utcnow()).total_seconds()))
            assert await queue_publications(worker.ctx, worker.queue) == 0
            await worker.queue.join()
            rows = await publications_of(worker.sessionmaker, short)
        assert {row.state for row in rows.values()} == {PublicationState.CANCELLED}
        assert sum(world.emulators.public_posts().values()) == 0
