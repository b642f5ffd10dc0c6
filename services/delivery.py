"""What of an approved Short has reached the user.

Approve sends the final files one message at a time; each one sent is recorded for the
project's revision (`options.delivered`), so approving again after a failure halfway, or the
second press of a double tap, sends only what is missing: never the video twice. A redo
makes a new revision, whose files are delivered afresh.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from core.project_options import Delivered
from db.models import Project
from services.owned import owned_project


def _items(project: Project, revision: int) -> list[str]:
    record = project.options.delivered
    return list(record.items) if record is not None and record.revision == revision else []


async def delivered_items(
    session: AsyncSession, user_id: int, project_id: int, revision: int
) -> frozenset[str]:
    """The parts of the user's project already delivered for `revision`."""
    return frozenset(_items(await owned_project(session, user_id, project_id), revision))


async def mark_delivered(
    session: AsyncSession, user_id: int, project_id: int, revision: int, item: str
) -> None:
    """Record that `item` of `revision` reached the user (committed at once: the message
    is out, whatever fails next)."""
    project = await owned_project(session, user_id, project_id)
    # Approval sends for seconds with the project it loaded first; writing those options
    # back would undo a pick or a new thumbnail round committed meanwhile (its job would
    # then draw the old round again): the row as it is now, locked until the commit.
    await session.refresh(project, ["options"], with_for_update=True)
    delivered = Delivered(revision=revision, items=(*_items(project, revision), item))
    project.options = project.options.model_copy(update={"delivered": delivered})
    await session.commit()
