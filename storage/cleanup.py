"""Remove stored files only once the commit that dropped their rows has happened.

A delete service cannot remove files before its commit: a rollback would leave rows pointing
at nothing. Instead it registers the paths on the session; the files go right after the
session's next commit (the service's own), from the store too (see `storage.sync`). Any
rollback first (even of a savepoint) cancels the removal: the worst case is an orphaned file,
never a row pointing at a missing one.
"""

from collections.abc import Iterable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from storage.disk import Storage
from storage.sync import delete_later


def remove_after_commit(
    session: AsyncSession,
    storage: Storage,
    relpaths: Iterable[str],
    folders: Iterable[str] = (),
) -> None:
    """Delete `relpaths` and the whole `folders` (all relative to the storage root) after the
    session's next commit. A folder must belong to the deleted entity alone."""
    files, dirs = set(relpaths), list(folders)
    pending = True

    def on_commit(_session: Session) -> None:
        nonlocal pending
        if pending:
            pending = False
            delete_later(storage, files, dirs)

    def on_rollback(_session: Session, _previous: SessionTransaction) -> None:
        nonlocal pending
        pending = False

    # The listeners stay registered but turn inert after one use; removing a listener while
    # its event is being dispatched is not allowed.
    event.listen(session.sync_session, "after_commit", on_commit)
    event.listen(session.sync_session, "after_soft_rollback", on_rollback)
