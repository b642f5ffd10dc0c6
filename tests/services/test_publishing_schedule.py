"""A scheduled post lives in the database: it goes out once after every process restarted;
YouTube uploads it at once as private with `publishAt` and publishes it itself."""

import asyncio
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update

from core.enums import AccountStatus, Platform, PublicationState
from db.base import utcnow
from db.models import SocialAccount
from db.models.publication import Publication
from jobs.publish_jobs import queue_publications
from services.publish_schedule import queue_due_publications
from services.publishing import publish_short
from tests.jobs.queue_support import RecordingNotifier
from tests.platforms.runtime import worker_process
from tests.platforms.world import publishing_world
from tests.services.publishing_support import EVERY_PLATFORM, publications_of, states_of

AHEAD_S = 1.5


async def test_a_scheduled_post_goes_out_once_after_every_process_restarted(
    tmp_path: Path,
) -> None:
    async with publishing_world(tmp_path) as world:
        short = await world.add_short()
        when = utcnow() + timedelta(seconds=AHEAD_S)
        async with worker_process(world.settings, RecordingNotifier()) as first:
            async with first.sessionmaker() as session:
                await publish_short(
                    session, world.user_id, short, world.choices(), when=when,
                    queue=first.queue,
                )  # fmt: skip
            await first.queue.join()  # YouTube's upload; the rest waits in the database
            assert await queue_publications(first.ctx, first.queue) == 0  # not due yet
            rows = await publications_of(first.sessionmaker, short)
        # The first process (queue, engine) is gone; so is everything it had in memory.
        youtube = rows.pop(Platform.YOUTUBE)
        assert youtube.state is PublicationState.PUBLISHED
        assert {row.state for row in rows.values()} == {PublicationState.SCHEDULED}
        assert {row.due_at for row in rows.values()} == {when}
        (video,) = world.emulators.youtube.channel.videos.values()
        status = video.resource["status"]
        assert status["privacyStatus"] == "private"
        assert status["publishAt"].startswith(when.strftime("%Y-%m-%dT%H:%M:%S"))
        assert world.emulators.public_posts()[Platform.X] == 0

        notifier = RecordingNotifier()
        async with worker_process(world.settings, notifier) as second:
            await asyncio.sleep(max(0.0, (when - utcnow()).total_seconds()))
            assert await queue_publications(second.ctx, second.queue) == len(rows)
            await second.queue.join()
            assert await queue_publications(second.ctx, second.queue) == 0
            await second.queue.join()
            states = await states_of(second.sessionmaker, short)
        assert states == dict.fromkeys(EVERY_PLATFORM, PublicationState.PUBLISHED)
        assert world.emulators.public_posts() == dict.fromkeys(EVERY_PLATFORM, 1)
        assert len(notifier.publication_events) == len(rows)


async def test_posts_held_for_a_reconnect_do_not_keep_due_ones_from_the_tick(
    tmp_path: Path,
) -> None:
    """The tick takes a batch of due publications at a time, oldest first: held ones (their
    account needs reconnecting) must not fill it."""
    async with publishing_world(tmp_path) as world:
        short = await world.add_short()
        when = utcnow() + timedelta(seconds=0.5)
        chosen = world.choices(platforms=frozenset({Platform.X, Platform.TELEGRAM}))
        async with worker_process(world.settings, RecordingNotifier()) as worker:
            async with worker.sessionmaker() as session:
                await publish_short(
                    session, world.user_id, short, chosen, when=when, queue=worker.queue
                )
                x_account = await session.get(SocialAccount, world.accounts[Platform.X])
                assert x_account is not None
                x_account.status = AccountStatus.RECONNECT_REQUIRED
                await session.execute(  # X's falls due first
                    update(Publication)
                    .where(Publication.platform == Platform.X)
                    .values(due_at=when - timedelta(minutes=1))
                )
                await session.commit()
            await asyncio.sleep(max(0.0, (when - utcnow()).total_seconds()))
            async with worker.sessionmaker() as session:
                assert await queue_due_publications(session, worker.queue, batch=1) == 1
            await worker.queue.join()
            states = await states_of(worker.sessionmaker, short)
        assert states == {
            Platform.X: PublicationState.SCHEDULED,
            Platform.TELEGRAM: PublicationState.PUBLISHED,
        }
