"""The Notifier of projects asked for over the REST API: their ends and publications become
webhook events (`project.done`, `project.failed`, `publication.published`, and `batch.done`
when a batch's last Short ends: an API batch's Shorts have the API origin) of the owner.
Progress and studio reports have no event: API users poll the status URL for those."""

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import ProjectStatus
from core.ports import JobQueue, PublicationEvent, PublicationNews, StageProgress, StudioEvent
from db.base import utcnow
from db.queries import projects
from services.batches import batch_progress
from services.webhooks import emit_event


class WebhookNotifier:
    """`queue` (None: the periodic pass) runs the delivery jobs."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        queue: JobQueue | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessionmaker, self.queue, self.clock = sessionmaker, queue, clock

    async def _project_event(self, project_id: int, event: str, extra: Mapping[str, Any]) -> None:
        async with self.sessionmaker() as session:
            project = await projects.get_project_for_job(session, project_id)
            if project is None:
                return
            user_id, batch_id, now = project.user_id, project.batch_id, self.clock()
            payload = {"project_id": project.id, "topic": project.topic, **extra}
            key = f"{project.id}:{project.revision}"
            await emit_event(session, user_id, event, key, payload, now=now, queue=self.queue)
            if batch_id is not None:
                await self._batch_event(session, user_id, batch_id, now)

    async def _batch_event(
        self, session: AsyncSession, user_id: int, batch_id: int, now: datetime
    ) -> None:
        """`batch.done` once its last Short ended (two ending together both see it: the
        event's key keeps it to one delivery per hook)."""
        state = await batch_progress(session, batch_id, now=now)
        if not state.counts.complete:
            return
        counts = state.counts
        payload = {
            "batch_id": batch_id,
            "status": "done",
            "total": counts.total,
            "done": counts.done,
            "failed": counts.failed,
        }
        await emit_event(
            session, user_id, "batch.done", str(batch_id), payload, now=now, queue=self.queue
        )

    async def progress(self, update: StageProgress) -> None:
        del update

    async def finished(self, project_id: int) -> bool:
        await self._project_event(project_id, "project.done", {"status": ProjectStatus.DONE})
        return True

    async def failed(self, project_id: int, key: str, params: Mapping[str, Any]) -> None:
        del params  # English prose for logs; the key is the stable part
        extra = {"status": ProjectStatus.FAILED, "error": key}
        await self._project_event(project_id, "project.failed", extra)

    async def studio(self, event: StudioEvent) -> None:
        del event

    async def publication(self, event: PublicationEvent) -> None:
        if event.news is not PublicationNews.PUBLISHED:
            return
        payload = {
            "publication_id": event.publication_id,
            "project_id": event.project_id,
            "platform": event.platform.value,
            "account": event.account_name,
            "status": "published",
            "url": event.params.get("url") or None,
        }
        async with self.sessionmaker() as session:
            await emit_event(
                session,
                event.user_id,
                "publication.published",
                str(event.publication_id),
                payload,
                now=self.clock(),
                queue=self.queue,
            )
