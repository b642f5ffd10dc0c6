"""The person's buttons on a publication: retry a failure, cancel a scheduled one, answer
"is it posted?". Each acts through services.publishing, then returns the Short's
publications as they now are (to redraw the card the button was on)."""

from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound
from core.ports import JobQueue
from db.queries import publications
from services.publication_views import PublicationView, project_publications
from services.publishing import cancel_publication, confirm_publication, retry_publication


class PublicationChoice(StrEnum):
    RETRY = "retry"
    CANCEL = "cancel"
    POSTED = "posted"
    NOT_POSTED = "repost"


async def act_on_publication(
    session: AsyncSession, user_id: int, publication_id: int, choice: PublicationChoice, *,
    queue: JobQueue,
) -> list[PublicationView]:  # fmt: skip
    """Apply `choice` (InvalidInput when the publication's state does not allow it;
    NotFound for another user's) and return its Short's publications."""
    publication = await publications.get_publication(session, publication_id, user_id)
    if publication is None:
        raise NotFound(what="publication")
    project_id = publication.project_id
    if choice is PublicationChoice.RETRY:
        await retry_publication(session, user_id, publication_id, queue=queue)
    elif choice is PublicationChoice.CANCEL:
        await cancel_publication(session, user_id, publication_id)
    else:
        posted = choice is PublicationChoice.POSTED
        await confirm_publication(session, user_id, publication_id, posted=posted, queue=queue)
    return await project_publications(session, user_id, project_id)
