"""`FallbackWriter`: try script writers in order until one produces a script."""

from collections.abc import Sequence

import structlog

from core.errors import DomainError, InvalidInput, UnsupportedLanguage
from pipeline.wallet import Wallet
from pipeline.writers.base import ScriptDraft, ScriptRequest, ScriptWriter
from pipeline.writers.usage import WriterUsage, WrittenScript, write_script

log = structlog.get_logger(__name__)

# Errors in the request itself: every writer would refuse it, so they are not fallen back on.
INPUT_ERRORS = (InvalidInput, UnsupportedLanguage)


class FallbackWriter:
    """A chain such as "openai,offline": a provider error moves on to the next writer."""

    def __init__(self, writers: Sequence[ScriptWriter]) -> None:
        if not writers:
            raise ValueError("a fallback chain needs at least one writer")
        self.writers = tuple(writers)
        self.name = ",".join(writer.name for writer in self.writers)

    async def write(self, request: ScriptRequest) -> ScriptDraft:
        """The first script any writer in the chain produces."""
        return (await self.write_with_usage(request)).draft

    async def write_with_usage(
        self, request: ScriptRequest, wallet: Wallet | None = None
    ) -> WrittenScript:
        """The first script produced, who produced it, and what every attempt spent. A paid
        writer over the daily spend ceiling is passed over like a failing one."""
        spent: list[WriterUsage] = []
        for position, writer in enumerate(self.writers, start=1):
            try:
                written = await write_script(writer, request, wallet)
            except INPUT_ERRORS:
                raise
            except DomainError as error:
                usage = getattr(error, "spent", None)
                if isinstance(usage, WriterUsage):
                    spent.append(usage)
                if position == len(self.writers):
                    raise
                log.warning(
                    "writer.fallback",
                    writer=writer.name,
                    next_writer=self.writers[position].name,
                    error=type(error).__name__,
                    error_key=error.key,
                    transient=error.transient,
                    reason=str(error),
                )
                continue
            return WrittenScript(
                draft=written.draft, writer=written.writer, usage=(*spent, *written.usage)
            )
        raise AssertionError("unreachable: the last writer returns or raises")  # pragma: no cover
