"""The dependencies every job and stage receives, built once per process."""

from dataclasses import dataclass
from typing import NotRequired, TypedDict

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.ports import Notifier
from core.settings import Settings
from pipeline.speech.base import SpeechSynth
from pipeline.transcribe.base import Transcriber
from pipeline.writers.base import ScriptWriter
from storage.disk import Storage


@dataclass(frozen=True, slots=True)
class Providers:
    """The engines chosen by settings for each production step."""

    writer: ScriptWriter
    synth: SpeechSynth
    transcriber: Transcriber | None = None  # None: built from settings when first needed


class JobCtx(TypedDict):
    """arq passes this dict to every job; the in-process queue builds the same one."""

    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    storage: Storage
    providers: Providers
    ffmpeg: str
    notifier: Notifier
    job_try: NotRequired[int]  # set by arq (and LocalQueue): 1 for the first try
    max_tries: NotRequired[int]  # set by JobSpec.run: a transient failure before it is retried
    deadline: NotRequired[float]  # set by JobSpec.run: loop time when the job is timed out
    runner_id: NotRequired[str]  # who holds project leases (pipeline.lease); per JobCtx
