"""Reports of a job go back where its project was asked for: the `Notifier` jobs get routes
each report by the project's `origin` (a chat today: the bot's notifier; later the REST API's
webhooks or a batch's summary). A project from a place with no notifier is reported nowhere
(the CLI watches its own job).
"""

from collections.abc import Mapping
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import ProjectOrigin
from core.ports import JobQueue, Notifier, PublicationEvent, StageProgress, StudioEvent
from core.ports.payments import PlanNotifier, PlanReminder
from db.queries import projects
from services.webhook_notify import WebhookNotifier

log = structlog.get_logger(__name__)
MAX_KNOWN = 4096  # origins remembered (they never change); past this, read again


class OriginRouter:
    """A Notifier over one notifier per origin; the origin is read once per project."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        routes: Mapping[ProjectOrigin, Notifier],
    ) -> None:
        self.sessionmaker, self.routes = sessionmaker, dict(routes)
        self.known: dict[int, ProjectOrigin] = {}

    def attach_queue(self, queue: JobQueue) -> None:
        """Give the webhook route the process's queue once it is built (it is built from a
        job context that needs this notifier first): events are then sent at once, not by
        the next periodic pass."""
        for route in self.routes.values():
            if isinstance(route, WebhookNotifier):
                route.queue = queue

    async def _route(self, project_id: int) -> Notifier | None:
        origin = self.known.get(project_id)
        if origin is None:
            async with self.sessionmaker() as session:
                project = await projects.get_project_for_job(session, project_id)
            if project is None:
                return None
            if len(self.known) >= MAX_KNOWN:
                self.known.clear()
            origin = self.known[project_id] = project.origin
        route = self.routes.get(origin)
        if route is None:
            log.debug("notify.no_route", project_id=project_id, origin=origin.value)
        return route

    async def progress(self, update: StageProgress) -> None:
        if (route := await self._route(update.project_id)) is not None:
            await route.progress(update)

    async def finished(self, project_id: int) -> bool:
        route = await self._route(project_id)
        return True if route is None else await route.finished(project_id)

    async def failed(self, project_id: int, key: str, params: Mapping[str, Any]) -> None:
        if (route := await self._route(project_id)) is not None:
            await route.failed(project_id, key, params)

    async def studio(self, event: StudioEvent) -> None:
        if (route := self.routes.get(event.origin)) is not None:
            await route.studio(event)

    async def publication(self, event: PublicationEvent) -> None:
        if (route := self.routes.get(event.origin)) is not None:
            await route.publication(event)

    async def plan_expiring(self, reminder: PlanReminder) -> bool:
        """Plans are bought in the chat: the reminder goes there (a PlanNotifier)."""
        route = self.routes.get(ProjectOrigin.CHAT)
        if not isinstance(route, PlanNotifier):
            return True  # no chat to tell: nothing to try again
        return await route.plan_expiring(reminder)


def api_notifier(
    sessionmaker: async_sessionmaker[AsyncSession], queue: JobQueue | None = None
) -> OriginRouter:
    """The notifier of a process with no bot: projects asked for over the REST API are
    reported to their owner's webhooks (delivered by `queue`'s jobs, or without one by the
    periodic pass); others nowhere."""
    return OriginRouter(sessionmaker, {ProjectOrigin.API: WebhookNotifier(sessionmaker, queue)})
