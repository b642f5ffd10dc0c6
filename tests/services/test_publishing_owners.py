"""One user can never publish with another user's account, nor cancel, retry or confirm
another user's publication: each is NotFound and changes nothing."""

from datetime import timedelta
from pathlib import Path

import pytest

from core.enums import Platform, PublicationState
from core.errors import NotFound
from core.token_cipher import token_cipher
from db.base import utcnow
from db.queries import users
from services.publishing import (
    cancel_publication,
    confirm_publication,
    publish_short,
    retry_publication,
)
from tests.jobs.queue_support import RecordingNotifier
from tests.platforms.creator import add_short, sealed_account
from tests.platforms.runtime import worker_process
from tests.platforms.world import publishing_world
from tests.services.publishing_support import publications_of


async def test_another_users_accounts_and_publications_are_not_found(tmp_path: Path) -> None:
    async with publishing_world(tmp_path) as world:
        owners_short = await world.add_short()
        cipher = token_cipher(world.settings.publishers)
        async with world.sessionmaker() as session:
            mallory = await users.get_or_create_user(session, 700_666, "Mallory", "en")
            grant = world.emulators.x.connect(world.emulators.x.add_user("666", "mallory").id)
            own = sealed_account(
                cipher, mallory.id, Platform.X, "666", access=grant.access_token,
                refresh=grant.refresh_token, expires_at=utcnow() + timedelta(hours=1),
            )  # fmt: skip
            session.add(own)
            await session.commit()
        mallorys_short = await add_short(world.with_user(mallory.id), "Mallory's Short", 4.0)
        owner_choices = world.choices()
        async with worker_process(world.settings, RecordingNotifier()) as worker:
            async with worker.sessionmaker() as session:
                (scheduled, *_) = await publish_short(
                    session, world.user_id, owners_short,
                    {world.accounts[Platform.X]: owner_choices[world.accounts[Platform.X]]},
                    when=utcnow() + timedelta(hours=1), queue=worker.queue,
                )  # fmt: skip
                x_choice = owner_choices[world.accounts[Platform.X]]
                with pytest.raises(NotFound):  # the owner's account, Mallory's Short
                    await publish_short(
                        session, mallory.id, mallorys_short,
                        {world.accounts[Platform.YOUTUBE]: x_choice}, when=None,
                        queue=worker.queue,
                    )  # fmt: skip
                with pytest.raises(NotFound):  # her own account, the owner's Short
                    await publish_short(
                        session, mallory.id, owners_short, {own.id: x_choice}, when=None,
                        queue=worker.queue,
                    )  # fmt: skip
                with pytest.raises(NotFound):
                    await cancel_publication(session, mallory.id, scheduled.id)
                with pytest.raises(NotFound):
                    await retry_publication(session, mallory.id, scheduled.id, queue=worker.queue)
                for posted in (True, False):
                    with pytest.raises(NotFound):
                        await confirm_publication(
                            session, mallory.id, scheduled.id, posted=posted, queue=worker.queue
                        )
            await worker.queue.join()
            rows = await publications_of(worker.sessionmaker, owners_short)
            assert await publications_of(worker.sessionmaker, mallorys_short) == {}
        assert rows[Platform.X].state is PublicationState.SCHEDULED
        assert sum(world.emulators.public_posts().values()) == 0
