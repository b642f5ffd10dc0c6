"""The files a job reads, brought into its worker's folder before the stages run.

On the local backend the folder is the store and nothing moves. On S3 a worker starts with
nothing: it pulls the project's folder (the user's inputs and the stages already done) and
the variations of the project's character, the only files a stage reads from outside it.
"""

import structlog

from db.models import Project
from storage import keys
from storage.disk import Storage
from storage.sync import pull_prefix

log = structlog.get_logger(__name__)


async def pull_project(storage: Storage, project: Project) -> None:
    """Bring the project's stored files (and its character's variations) into `storage`."""
    if storage.store is None:
        return
    pulled = await pull_prefix(storage, keys.project_prefix(project.user_id, project.id))
    character_id = project.options.character_id
    if character_id:
        prefix = keys.variations_prefix(project.user_id, character_id)
        pulled += await pull_prefix(storage, prefix)
    log.info("project.pulled", project_id=project.id, files=pulled)
