"""A user's right to erasure (/delete_my_data): every project, voice, character and file,
then the user row itself.

Order matters. Cloned voices go at ElevenLabs first: if the provider cannot delete one,
nothing at all is deleted and the user tries again later (a clone it no longer has counts
as deleted, so a retry passes the ones already gone). Then the user's unfinished jobs are
stopped, so no stage writes into a folder being removed. Then one delete of the user row
cascades to projects (their scripts, stage runs, artifacts), voices and samples, characters
with photos and variations; the user's folder goes after the commit.

The usage ledger is kept, anonymised (its user and project become NULL): providers billed
that spending, and the operator's accounts must still add up with their invoices. The rows
name no person, no topic and no file.
"""

from dataclasses import dataclass

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import UNFINISHED_STATUSES
from core.errors import DomainError
from core.ports import JobQueue
from db.models import VoiceEngine
from db.queries import characters, projects, users, voices
from pipeline.voices import cloning
from pipeline.voices.cloud import VoiceCloud
from pipeline.voices.cloud_errors import CloningFailed
from services.production import project_job_id
from storage.cleanup import remove_after_commit
from storage.disk import Storage

log = structlog.get_logger(__name__)

ALL_PROJECTS = 1_000_000  # list_projects' limit: every one of them


class ErasureVoiceUnavailable(DomainError):
    key = "error-erasure-voice-unavailable"
    template = "Nothing was deleted: ElevenLabs could not delete the voice {voice} now."
    transient = True


class ErasureVoiceRefused(DomainError):
    key = "error-erasure-voice-refused"
    template = "Nothing was deleted: ElevenLabs refused to delete the voice {voice} ({reason})."


class ErasureBusy(DomainError):
    key = "error-erasure-busy"
    template = "Nothing was deleted: the Short {topic!r} is being made and did not stop."
    transient = True


@dataclass(frozen=True, slots=True)
class UserData:
    """What the user has: what the confirmation lists and the deletion reports."""

    projects: int
    voices: int
    characters: int


async def describe_user_data(session: AsyncSession, user_id: int) -> UserData:
    """Count the user's projects, voices and characters."""
    return UserData(
        projects=len(await projects.list_projects(session, user_id, limit=ALL_PROJECTS)),
        voices=len(await voices.list_voices(session, user_id)),
        characters=len(await characters.list_characters(session, user_id)),
    )


async def delete_user_data(
    session: AsyncSession,
    storage: Storage,
    queue: JobQueue,
    cloud: VoiceCloud | None,
    user_id: int,
) -> UserData:
    """Delete everything the user has (see the module docstring) and commit; the user's
    folder is removed after that commit. Returns what was deleted.

    Raises (nothing deleted):
        ErasureVoiceUnavailable: ElevenLabs is down or busy; try again later.
        ErasureVoiceRefused: ElevenLabs refused (a bad key, no key configured).
        ErasureBusy: a job did not stop in time.
    """
    found = await describe_user_data(session, user_id)
    await _delete_clones(session, cloud, user_id)
    await _stop_jobs(session, queue, user_id)
    folder = storage.relative(storage.user_dir(user_id))
    await users.delete_user(session, user_id)
    remove_after_commit(session, storage, (), folders=[folder])
    await session.commit()
    log.info("privacy.user_deleted", user_id=user_id, projects=found.projects)
    return found


async def _delete_clones(session: AsyncSession, cloud: VoiceCloud | None, user_id: int) -> None:
    for voice in await voices.list_voices(session, user_id):
        if voice.engine is not VoiceEngine.ELEVENLABS:
            continue
        try:
            await cloning.delete_clone(cloud, voice)
        except CloningFailed as error:
            log.warning("privacy.clone_kept", voice_id=voice.id, key=error.key)
            if error.transient:
                raise ErasureVoiceUnavailable(voice=voice.name) from error
            raise ErasureVoiceRefused(voice=voice.name, reason=str(error)) from error


async def _stop_jobs(session: AsyncSession, queue: JobQueue, user_id: int) -> None:
    for project in await projects.list_projects(session, user_id, limit=ALL_PROJECTS):
        if project.status not in UNFINISHED_STATUSES:
            continue
        try:
            await queue.cancel(project_job_id(project.id, project.revision))
        except TimeoutError as error:
            raise ErasureBusy(topic=project.topic) from error
