"""A `Notifier` for the terminal: one rich progress bar per stage, on stderr."""

from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from core.enums import STAGE_ORDER, StageName
from core.ports import PublicationEvent, StageProgress, StudioEvent


class ProgressBars:
    """Shows each stage's progress; a failure prints the plain-English reason."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.bars = Progress(
            TextColumn("{task.description:<9}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[eta]}"),
            console=console,
            transient=False,
        )
        self.tasks: dict[StageName, TaskID] = {}

    def __enter__(self) -> "ProgressBars":
        self.bars.start()
        for stage in STAGE_ORDER:
            self.tasks[stage] = self.bars.add_task(stage.value, total=100, eta="")
        return self

    def __exit__(self, *exc: object) -> None:
        self.bars.stop()

    async def progress(self, update: StageProgress) -> None:
        for stage in STAGE_ORDER[: STAGE_ORDER.index(update.stage)]:
            self.bars.update(self.tasks[stage], completed=100, eta="")
        eta = f"ETA {update.eta_s:.0f}s" if update.eta_s is not None else ""
        self.bars.update(
            self.tasks[update.stage], completed=round(update.stage_fraction * 100), eta=eta
        )

    async def finished(self, project_id: int) -> bool:
        del project_id
        for task in self.tasks.values():
            self.bars.update(task, completed=100, eta="")
        return True

    async def failed(self, project_id: int, key: str, params: Mapping[str, Any]) -> None:
        del project_id, key, params  # the CLI prints the error from the project row

    async def studio(self, event: StudioEvent) -> None:
        del event  # the CLI runs no studio jobs

    async def publication(self, event: PublicationEvent) -> None:
        del event  # the CLI does not publish
