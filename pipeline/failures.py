"""What a job's failure means to the person: any exception becomes a DomainError with a key.

Stages raise DomainErrors for what they foresee. Everything else (a full disk, a locked
database, a picture that would decompress to gigabytes, a bug) still has to end the project
with a message in the person's language, and some of it is worth another try.
"""

import errno

from PIL import Image
from sqlalchemy.exc import DBAPIError, OperationalError

from core.errors import DomainError

REASON_CHARS = 300  # of an exception's text kept in the project row and the logs
_DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


class DiskFull(DomainError):
    key = "error-disk-full"
    template = "The server's disk is full: {reason}"


class DatabaseBusy(DomainError):
    key = "error-database-busy"
    template = "The database did not answer: {reason}"
    transient = True  # a lock is released, a restarted server answers again


class ImageTooLarge(DomainError):
    key = "error-image-too-large"
    template = "A picture is too large to open safely: {reason}"


class JobTimedOut(DomainError):
    key = "error-job-timeout"
    template = "Making the Short took longer than the job's time limit; it was stopped."


class ProjectStalled(DomainError):
    key = "error-project-stalled"
    template = "Project {project_id} stopped answering (its worker died or hung)."


class ProjectKeepsCrashing(DomainError):
    key = "error-project-crashing"
    template = "Project {project_id} was started {attempts} times without finishing; stopped."


class UnexpectedError(DomainError):
    """A bug or a failure nobody foresaw: the traceback goes to the log."""

    template = "{kind}: {reason}"


def _reason(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error) or type(error).__name__
    return text[:REASON_CHARS]


def as_domain_error(error: BaseException) -> DomainError:
    """The DomainError that tells the person what happened to their Short."""
    if isinstance(error, DomainError):
        return error
    reason = _reason(error)
    if isinstance(error, OSError) and error.errno in _DISK_FULL:
        return DiskFull(reason=reason)
    if isinstance(error, DBAPIError):
        if "database or disk is full" in reason:  # SQLite's SQLITE_FULL
            return DiskFull(reason=reason)
        if isinstance(error, OperationalError) or error.connection_invalidated:
            return DatabaseBusy(reason=reason)
    if isinstance(error, Image.DecompressionBombError):
        return ImageTooLarge(reason=reason)
    return UnexpectedError(kind=type(error).__name__, reason=reason)
