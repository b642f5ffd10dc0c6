"""Per-user limits, checked where work is created, so every entry point (the bot today, the
REST API and batches later) gets the same answer.

`claim_production_slot` runs wherever a project becomes queued (a new Short, a redo, a new
voice, an edited text), in the transaction that then commits the project.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError, NotFound
from core.settings import LimitsSettings
from db.queries import projects, users


class TooManyUnfinished(DomainError):
    key = "error-too-many-unfinished"
    template = (
        "{count} Shorts are still being made and the limit is {limit}; "
        "wait until one is ready, then try again."
    )


class UserBlocked(DomainError):
    key = "error-user-blocked"
    template = "This account is blocked; new Shorts cannot be made."


async def claim_production_slot(
    session: AsyncSession, user_id: int, limits: LimitsSettings
) -> None:
    """Refuse a blocked user, or one whose unfinished projects already reach the limit.

    The user's row stays locked until the caller commits, so two requests at once (two
    confirms, a confirm and a redo) are counted one after the other: only one can take the
    last free slot.
    """
    blocked = await users.lock_user(session, user_id)
    if blocked is None:
        raise NotFound(what="user")
    if blocked:
        raise UserBlocked()
    count = await projects.count_unfinished_projects(session, user_id)
    if count >= limits.max_unfinished_projects:
        raise TooManyUnfinished(count=count, limit=limits.max_unfinished_projects)
