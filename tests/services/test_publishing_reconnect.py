"""A revoked app: the refresh is refused, the account needs reconnecting, its publication
waits (with a message) and goes out once after the account is connected again."""

from datetime import timedelta
from pathlib import Path

from sqlalchemy import update

from core.enums import AccountStatus, Platform, PublicationState
from core.ports import PublicationNews
from core.settings import Settings
from core.token_cipher import token_cipher
from db.base import utcnow
from db.models import SocialAccount
from jobs.publish_jobs import queue_publications
from publishers.errors import ReconnectRequired
from services.publishing import publish_short
from tests.emulators.tiktok import Fault
from tests.jobs.queue_support import RecordingNotifier
from tests.platforms.runtime import WorkerProcess, worker_process
from tests.platforms.world import publishing_world
from tests.services.publishing_support import news_of, publications_of

X_ONLY = frozenset({Platform.X})
TIKTOK_ONLY = frozenset({Platform.TIKTOK})


async def reconnect(
    worker: WorkerProcess, settings: Settings, account_id: int, access: str, refresh: str
) -> None:
    """New tokens stored and the account ACTIVE, as the web app's callback leaves it."""
    cipher = token_cipher(settings.publishers)
    async with worker.sessionmaker() as session:
        account = await session.get(SocialAccount, account_id)
        assert account is not None
        account.access_token = cipher.seal(access)
        account.refresh_token = cipher.seal(refresh)
        account.expires_at = utcnow() + timedelta(hours=2)
        account.status = AccountStatus.ACTIVE
        await session.commit()


async def test_a_refused_refresh_holds_the_post_until_the_account_is_reconnected(
    tmp_path: Path,
) -> None:
    notifier = RecordingNotifier()
    async with publishing_world(tmp_path) as world:
        x, account_id = world.emulators.x, world.accounts[Platform.X]
        async with world.sessionmaker() as session:
            await session.execute(
                update(SocialAccount)
                .where(SocialAccount.id == account_id)
                .values(expires_at=utcnow() - timedelta(minutes=1))
            )
            await session.commit()
        x.revoke_app()
        short = await world.add_short()
        async with worker_process(world.settings, notifier) as worker:
            async with worker.sessionmaker() as session:
                await publish_short(
                    session, world.user_id, short, world.choices(platforms=X_ONLY), when=None,
                    queue=worker.queue,
                )  # fmt: skip
            await worker.queue.join()
            held = (await publications_of(worker.sessionmaker, short))[Platform.X]
            assert (held.state, held.error_key) == (
                PublicationState.SCHEDULED,
                ReconnectRequired.key,
            )
            assert set(news_of(notifier.publication_events, PublicationNews.RECONNECT)) == X_ONLY
            async with worker.sessionmaker() as session:
                account = await session.get(SocialAccount, account_id)
                assert account is not None
                assert account.status is AccountStatus.RECONNECT_REQUIRED
            assert await queue_publications(worker.ctx, worker.queue) == 0  # still held
            assert x.requests.to("initialize") == []

            grant = x.connect()  # the person connects the account again (the web app's job)
            assert grant.refresh_token is not None
            await reconnect(
                worker, world.settings, account_id, grant.access_token, grant.refresh_token
            )
            assert await queue_publications(worker.ctx, worker.queue) == 1
            await worker.queue.join()
            assert await queue_publications(worker.ctx, worker.queue) == 0
            done = (await publications_of(worker.sessionmaker, short))[Platform.X]
        assert (done.state, done.error_key) == (PublicationState.PUBLISHED, None)
        assert len(x.posts) == 1
        assert set(news_of(notifier.publication_events, PublicationNews.PUBLISHED)) == X_ONLY


async def test_a_refused_account_after_the_commit_asks_tiktok_once_reconnected(
    tmp_path: Path,
) -> None:
    """TikTok took the post, then refused the account before saying what became of it: the
    publication stays OUTCOME_UNKNOWN (never sent again) until reconnected and asked."""
    notifier = RecordingNotifier()
    async with publishing_world(tmp_path) as world:
        tiktok, account_id = world.emulators.tiktok, world.accounts[Platform.TIKTOK]
        user = tiktok.state.users["open.creator1"]

        def revoke() -> None:
            tiktok.revoke_app()
            tiktok.expire_access_tokens()

        tiktok.faults.add(Fault("status", at=1, before=revoke))
        short = await world.add_short()
        async with worker_process(world.settings, notifier) as worker:
            async with worker.sessionmaker() as session:
                await publish_short(
                    session, world.user_id, short, world.choices(platforms=TIKTOK_ONLY),
                    when=None, queue=worker.queue,
                )  # fmt: skip
            await worker.queue.join()
            held = (await publications_of(worker.sessionmaker, short))[Platform.TIKTOK]
            assert held.state is PublicationState.OUTCOME_UNKNOWN
            assert held.error_key == ReconnectRequired.key
            assert set(news_of(notifier.publication_events, PublicationNews.RECONNECT)) == (
                TIKTOK_ONLY
            )
            assert await queue_publications(worker.ctx, worker.queue) == 0  # still held
            await worker.queue.join()
            assert len(tiktok.to("init")) == 1

            user.revoked = False  # the person authorizes the app again
            access, refresh = tiktok.grant()
            await reconnect(worker, world.settings, account_id, access, refresh)
            assert await queue_publications(worker.ctx, worker.queue) == 1
            await worker.queue.join()
            done = (await publications_of(worker.sessionmaker, short))[Platform.TIKTOK]
        assert (done.state, done.error_key) == (PublicationState.PUBLISHED, None)
        assert len(tiktok.to("init")) == 1
        assert len(tiktok.posts()) == 1
