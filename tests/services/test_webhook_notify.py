"""The REST API's reports as webhook events, through the notifier jobs get (`api_notifier`):
a Short of an API batch ending is `project.done` / `project.failed`, the batch's last one
also `batch.done` (once, however often reported); a published post of API origin is
`publication.published`; other news and other origins send nothing."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from infra.webhook_receiver import WebhookReceiver, webhook_receiver
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.api_settings import ApiSettings
from core.batch_options import BatchOptions
from core.enums import Platform, ProjectOrigin, ProjectStatus
from core.ports import PublicationEvent, PublicationNews, SilentNotifier
from core.publisher_settings import PublishersSettings
from core.settings import Settings, StorageSettings
from core.token_cipher import token_cipher
from db.queries import batches, projects, users
from jobs.queue import LocalQueue
from jobs.runtime import build_job_ctx
from services.notices import api_notifier
from services.webhooks import EVENTS, create_webhook


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        storage=StorageSettings(root=tmp_path / "storage"),
        publishers=PublishersSettings(secrets_dir=tmp_path / "secrets"),
        api=ApiSettings(webhook_private_hosts=True),  # the receiver is on loopback
    )


@pytest.fixture
async def queue(
    settings: Settings, committing: async_sessionmaker[AsyncSession]
) -> AsyncIterator[LocalQueue]:
    local = LocalQueue(build_job_ctx(settings, committing, SilentNotifier()))
    yield local
    await local.close()


@pytest.fixture
async def receiver() -> AsyncIterator[WebhookReceiver]:
    async with webhook_receiver() as running:
        yield running


async def _batch_of_two(
    db: async_sessionmaker[AsyncSession], settings: Settings, url: str
) -> tuple[int, int, int]:
    async with db() as session:
        user = await users.get_or_create_user(session, 82001, "Dev", "en")
        options = BatchOptions(language="en", duration=15, style="vivid", tone="calm")
        batch = await batches.create_batch(
            session, user.id, options, total=2, chat_id=None, now=datetime.now(UTC)
        )
        made = []
        for index in range(2):
            project = await projects.create_project(
                session, user.id, topic=f"t{index}", language="en", target_duration=15,
                style="vivid", tone="calm",
            )  # fmt: skip
            project.origin, project.batch_id, project.batch_index = (
                ProjectOrigin.API,
                batch.id,
                index,
            )
            made.append(project)
        await session.commit()
        await create_webhook(
            session, user.id, url, EVENTS, cipher=token_cipher(settings.publishers)
        )
        return user.id, made[0].id, made[1].id


async def _set(
    db: async_sessionmaker[AsyncSession], project_id: int, status: ProjectStatus
) -> None:
    async with db() as session:
        project = await projects.get_project_for_job(session, project_id)
        assert project is not None
        projects.set_project_state(project, status, stage=None)
        await session.commit()


async def test_an_api_batch_reports_each_short_and_its_end_once(
    committing: async_sessionmaker[AsyncSession],
    settings: Settings,
    queue: LocalQueue,
    receiver: WebhookReceiver,
) -> None:
    user_id, first, second = await _batch_of_two(committing, settings, receiver.url)
    notifier = api_notifier(committing, queue)

    await _set(committing, first, ProjectStatus.DONE)
    assert await notifier.finished(first)
    await queue.join()
    assert [r.json["type"] for r in receiver.received] == ["project.done"]

    await _set(committing, second, ProjectStatus.FAILED)
    await notifier.failed(second, "error-render-failed", {"reason": "x"})
    await notifier.finished(first)  # reported again (a resend): nothing new
    await queue.join()
    kinds = [r.json["type"] for r in receiver.received]
    assert kinds == ["project.done", "project.failed", "batch.done"]
    failed, ended = receiver.received[1].json["data"], receiver.received[2].json["data"]
    assert (failed["project_id"], failed["error"]) == (second, "error-render-failed")
    assert {k: ended[k] for k in ("total", "done", "failed")} == {
        "total": 2,
        "done": 1,
        "failed": 1,
    }

    for news, origin in (
        (PublicationNews.PUBLISHED, ProjectOrigin.API),
        (PublicationNews.FAILED, ProjectOrigin.API),
        (PublicationNews.PUBLISHED, ProjectOrigin.CHAT),
    ):
        event = PublicationEvent(
            user_id=user_id, publication_id=5, project_id=first, platform=Platform.YOUTUBE,
            account_name="Chan", news=news, params={"url": "https://youtu.be/x"}, origin=origin,
        )  # fmt: skip
        await notifier.publication(event)
    await queue.join()
    (published,) = receiver.received[3:]
    assert published.json["type"] == "publication.published"
    assert published.json["data"]["url"] == "https://youtu.be/x"
    assert published.json["data"]["publication_id"] == 5
