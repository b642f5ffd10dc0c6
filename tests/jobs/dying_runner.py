"""A runner that dies, for tests.

`python -m tests.jobs.dying_runner URL STORAGE WHERE` starts as the embedded bot
does (it resumes the unfinished projects of a SQLite file) and SIGKILLs its own process
inside the script stage (WHERE=stage: a project that crashes its process) or right after the
Short is done, before the preview goes out (WHERE=preview). Settings not given here come from
the environment (JOBS__MAX_ATTEMPTS).
"""

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import NoReturn

from pydantic import SecretStr

from core.ports import SilentNotifier
from core.settings import DbSettings, RenderSettings, Settings, StorageSettings
from jobs.queue import LocalQueue
from jobs.runtime import job_context
from pipeline.context import Providers
from pipeline.writers.base import ScriptDraft, ScriptRequest


def die() -> NoReturn:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


class DyingWriter:
    name = "dying"

    async def write(self, request: ScriptRequest) -> ScriptDraft:
        die()


class DyingNotifier(SilentNotifier):
    async def finished(self, project_id: int) -> bool:
        die()


async def main(url: str, storage: str, where: str) -> None:
    settings = Settings(
        db=DbSettings(url=SecretStr(url)),
        storage=StorageSettings(root=Path(storage)),
        render=RenderSettings(width=360, height=640, preset="ultrafast", fps=15, timeout_s=120),
    )
    notifier = DyingNotifier() if where == "preview" else SilentNotifier()
    async with job_context(settings, notifier, migrate=False) as built:
        dying = Providers(DyingWriter(), built["providers"].synth)
        queue = LocalQueue({**built, "providers": dying} if where == "stage" else built)
        print("resumed", await queue.resume_unfinished(), flush=True)
        await queue.join()
        await queue.close()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
