"""A project's production job: its name, its one job ID per revision, and the enqueue every
service makes right after the commit that queued the project."""

from core.ports import JobQueue

PRODUCE_SHORT = "produce_short"


def project_job_id(project_id: int, revision: int) -> str:
    """The one job ID of a project's production; a deliberate redo bumps `revision`."""
    return f"render:{project_id}:{revision}"


async def enqueue_short(
    queue: JobQueue, project_id: int, revision: int, owner: int, weight: int = 1
) -> bool:
    """Queue a project's `produce_short` under its one job ID (False: already there);
    `owner` is the project's user, `weight` their plan's priority (`Plan.priority`)."""
    return await queue.enqueue(
        PRODUCE_SHORT,
        project_id,
        job_id=project_job_id(project_id, revision),
        owner=owner,
        weight=weight,
    )
