"""Faults at the call that makes a post public, through the publish job and its retries:
X is asked after a lost answer (one post), a Telegram channel cannot be asked so its owner
decides, and nothing is ever posted twice."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from core.enums import Platform, PublicationState
from core.errors import InvalidInput
from core.ports import PublicationNews
from db.base import utcnow
from db.models.publication import Publication
from jobs.registry import JobSpec
from publishers.errors import UserMustConfirm
from publishers.registry import publishers
from publishers.x import XPublisher
from services.publish_schedule import queue_due_publications
from services.publishing import confirm_publication, publish_short
from tests.jobs.queue_support import RecordingNotifier
from tests.platforms.creator import World
from tests.platforms.runtime import WorkerProcess, publish_specs, worker_process
from tests.platforms.world import publishing_world
from tests.services.publishing_support import news_of, publications_of

X_ONLY = frozenset({Platform.X})
TELEGRAM_ONLY = frozenset({Platform.TELEGRAM})


def hand_made_x(world: World) -> dict[str, JobSpec]:
    """The registry's publishers, X's with small segments and no wait for its timeline."""
    x = world.emulators.x
    made = publishers(world.settings.publishers, world.settings.bot)
    made[Platform.X] = XPublisher(
        x.base_url, segment_size=64 * 1024, clock=x.now, reconcile_after_s=0.0
    )
    return publish_specs(made)


async def _publish(world: World, worker: WorkerProcess, platforms: frozenset[Platform]) -> int:
    short = await world.add_short()
    async with worker.sessionmaker() as session:
        (publication,) = await publish_short(
            session, world.user_id, short, world.choices(platforms=platforms), when=None,
            queue=worker.queue,
        )  # fmt: skip
    await worker.queue.join()
    return publication.id


async def test_a_lost_answer_from_x_is_reconciled_by_the_jobs_retry(tmp_path: Path) -> None:
    notifier = RecordingNotifier()
    async with publishing_world(tmp_path) as world:
        x = world.emulators.x
        x.faults.answer_lost("create_tweet", 503)
        async with worker_process(world.settings, notifier, specs=hand_made_x(world)) as worker:
            await _publish(world, worker, X_ONLY)
            (row,) = (await publications_of(worker.sessionmaker, short_of(notifier))).values()
            retried = worker.queue.jobs_retried
        assert row.state is PublicationState.PUBLISHED
        assert retried >= 1
        assert len(x.requests.to("create_tweet")) == 1  # the post call was never repeated
        assert x.requests.to("user_tweets")  # the retry asked X instead
        assert len(x.posts) == 1
        assert row.ledger["post_id"] == x.posts[0].id
        assert [e.news for e in notifier.publication_events] == [PublicationNews.PUBLISHED]


def short_of(notifier: RecordingNotifier) -> int:
    return notifier.publication_events[-1].project_id


async def test_a_lost_answer_from_telegram_waits_for_its_owner_and_never_posts_twice(
    tmp_path: Path,
) -> None:
    notifier = RecordingNotifier()
    async with publishing_world(tmp_path) as world:
        telegram, channel = world.emulators.telegram, world.emulators.channel
        telegram.faults.drop_response("sendVideo")  # posted, the answer lost
        async with worker_process(world.settings, notifier) as worker:
            publication_id = await _publish(world, worker, TELEGRAM_ONLY)
            (row,) = (await publications_of(worker.sessionmaker, short_of(notifier))).values()
            assert (row.state, row.error_key) == (
                PublicationState.OUTCOME_UNKNOWN,
                UserMustConfirm.key,
            )
            assert set(news_of(notifier.publication_events, PublicationNews.CONFIRM)) == (
                TELEGRAM_ONLY
            )
            assert telegram.public_posts(channel) == 1
            async with worker.sessionmaker() as session:
                confirmed = await confirm_publication(
                    session, world.user_id, publication_id, posted=True, queue=worker.queue
                )
                with pytest.raises(InvalidInput):
                    await confirm_publication(
                        session, world.user_id, publication_id, posted=False,
                        queue=worker.queue,
                    )  # fmt: skip
            await worker.queue.join()
        assert confirmed.state is PublicationState.PUBLISHED
        assert len(telegram.sent(channel.id, "sendVideo")) == 1
        assert telegram.public_posts(channel) == 1


async def test_the_owner_says_the_channel_post_is_missing_and_it_goes_out_once(
    tmp_path: Path,
) -> None:
    notifier = RecordingNotifier()
    async with publishing_world(tmp_path) as world:
        telegram, channel = world.emulators.telegram, world.emulators.channel
        telegram.faults.bad_gateway("sendVideo")  # a proxy's 502: the post may or may not exist
        async with worker_process(world.settings, notifier) as worker:
            publication_id = await _publish(world, worker, TELEGRAM_ONLY)
            assert set(news_of(notifier.publication_events, PublicationNews.CONFIRM)) == (
                TELEGRAM_ONLY
            )
            assert telegram.public_posts(channel) == 0
            async with worker.sessionmaker() as session:
                await confirm_publication(
                    session, world.user_id, publication_id, posted=False, queue=worker.queue
                )
            await worker.queue.join()
            (row,) = (await publications_of(worker.sessionmaker, short_of(notifier))).values()
        assert row.state is PublicationState.PUBLISHED
        assert telegram.public_posts(channel) == 1
        published = news_of(notifier.publication_events, PublicationNews.PUBLISHED)
        assert published[Platform.TELEGRAM].params["url"]


async def test_posts_waiting_for_their_owners_answer_do_not_keep_lost_jobs_from_the_tick(
    tmp_path: Path,
) -> None:
    """The tick requeues runnable publications nobody runs a batch at a time: those waiting
    for their owner's answer must not fill it."""
    notifier = RecordingNotifier()
    async with publishing_world(tmp_path) as world:
        world.emulators.telegram.faults.bad_gateway("sendVideo")
        async with worker_process(world.settings, notifier) as worker:
            await _publish(world, worker, TELEGRAM_ONLY)  # waits for its owner's answer
            short = await world.add_short("A Short whose job was lost")
            async with worker.sessionmaker() as session:
                (lost,) = await publish_short(
                    session, world.user_id, short, world.choices(platforms=X_ONLY),
                    when=utcnow() + timedelta(hours=1), queue=worker.queue,
                )  # fmt: skip
                # As a process that stopped after queueing it leaves it: queued, no job.
                await session.execute(
                    update(Publication)
                    .where(Publication.id == lost.id)
                    .values(state=PublicationState.QUEUED, due_at=None)
                )
                await session.commit()
            async with worker.sessionmaker() as session:
                assert await queue_due_publications(session, worker.queue, batch=1) == 1
            await worker.queue.join()
            (row,) = (await publications_of(worker.sessionmaker, short)).values()
        assert row.state is PublicationState.PUBLISHED
        assert len(world.emulators.x.posts) == 1
