"""No token or client secret reaches a log, whatever the run did (refreshes before use, a
token refused mid-upload), and the accounts' tokens are not plaintext in the database."""

import io
import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import structlog
from sqlalchemy import Text, select, type_coerce, update

from core.enums import Platform, PublicationState
from core.logs import configure_logging, reset_logging
from core.redaction import configured_secrets
from core.settings import LogSettings
from db.base import utcnow
from db.models import SocialAccount
from services.publishing import publish_short
from tests.jobs.queue_support import RecordingNotifier
from tests.platforms.runtime import worker_process
from tests.platforms.settings import issued_secrets
from tests.platforms.world import publishing_world
from tests.services.publishing_support import EVERY_PLATFORM, states_of


@pytest.fixture
def all_logs() -> Iterator[io.StringIO]:
    """Every record, structlog's and the stdlib's, DEBUG and up, in one buffer."""
    saved, stream = structlog.get_config(), io.StringIO()
    handler = configure_logging(LogSettings(level="DEBUG"), stream=stream)
    yield stream
    reset_logging(handler)
    structlog.configure(**saved)
    logging.getLogger().setLevel(logging.WARNING)


async def test_a_run_with_refreshes_logs_no_token_and_stores_none_in_plaintext(
    tmp_path: Path, all_logs: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    async with publishing_world(tmp_path) as world:
        # What the composition roots redact: the configured secrets, not the issued tokens.
        configure_logging(
            LogSettings(level="DEBUG"), secrets=configured_secrets(world.settings),
            stream=all_logs,
        )  # fmt: skip
        emulators = world.emulators
        before = issued_secrets(emulators)
        async with world.sessionmaker() as session:  # every token due for refresh
            await session.execute(
                update(SocialAccount).values(expires_at=utcnow() - timedelta(minutes=5))
            )
            await session.commit()
        emulators.youtube.faults.expire_token("upload_put")  # refused mid-upload too
        short = await world.add_short()
        async with worker_process(world.settings, RecordingNotifier()) as worker:
            async with worker.sessionmaker() as session:
                await publish_short(
                    session, world.user_id, short, world.choices(), when=None,
                    queue=worker.queue,
                )  # fmt: skip
            await worker.queue.join()
            states = await states_of(worker.sessionmaker, short)
        assert states == dict.fromkeys(EVERY_PLATFORM, PublicationState.PUBLISHED)
        assert emulators.youtube.oauth.refreshes >= 2
        secrets = issued_secrets(emulators)
        assert len(secrets - before) >= 4  # the refreshes' new tokens are checked too

        async with world.sessionmaker() as session:
            columns = (
                type_coerce(SocialAccount.access_token, Text),
                type_coerce(SocialAccount.refresh_token, Text),
            )
            stored = [v for row in await session.execute(select(*columns)) for v in row if v]
    logs = all_logs.getvalue()
    captured = capsys.readouterr()
    assert "publish.published" in logs
    assert len(stored) == 7  # four access tokens, three refresh tokens (not Instagram's)
    for secret in secrets:
        assert secret not in logs
        assert secret not in captured.out + captured.err
        assert all(secret not in value for value in stored)
    assert all(value.startswith("gAAAAA") for value in stored)  # Fernet tokens
    assert Platform.TELEGRAM in states
