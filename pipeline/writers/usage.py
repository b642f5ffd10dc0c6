"""What a script writer spent: token usage per provider call, and the result that carries it."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, runtime_checkable

from pipeline.wallet import Wallet
from pipeline.writers.base import ScriptDraft, ScriptRequest, ScriptWriter

MILLION = Decimal(1_000_000)
# The ceiling's estimate of one chat call, before it is made: a token is 3-4 characters of
# English and 2.5-3 of Russian, so 3 errs high; a script answer is 600-1200 tokens.
CHARS_PER_TOKEN = 3
EXPECTED_COMPLETION_TOKENS = 1500


@dataclass(frozen=True, slots=True)
class WriterUsage:
    """Tokens one `write()` spent with a metered provider (all attempts summed) and their cost."""

    provider: str
    prompt_tokens: int
    completion_tokens: int
    cost_usd: Decimal

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


def token_cost(
    prompt_tokens: int, completion_tokens: int, *, input_per_mtok: float, output_per_mtok: float
) -> Decimal:
    """USD for the tokens at prices per million tokens (through str: no binary expansion)."""
    cost = (
        prompt_tokens * Decimal(str(input_per_mtok))
        + completion_tokens * Decimal(str(output_per_mtok))
    ) / MILLION
    return cost.quantize(Decimal("0.000001"))


def chat_estimate(prompt_chars: int, *, input_per_mtok: float, output_per_mtok: float) -> Decimal:
    """What one chat call with `prompt_chars` characters of prompt is expected to cost."""
    return token_cost(
        prompt_chars // CHARS_PER_TOKEN,
        EXPECTED_COMPLETION_TOKENS,
        input_per_mtok=input_per_mtok,
        output_per_mtok=output_per_mtok,
    )


@dataclass(frozen=True, slots=True)
class WrittenScript:
    """A draft, the name of the writer that produced it, and every metered usage on the way
    (a provider that failed before a fallback still spent its tokens)."""

    draft: ScriptDraft
    writer: str
    usage: tuple[WriterUsage, ...] = ()


@runtime_checkable
class ReportsUsage(Protocol):
    """A writer that can say what it spent and who produced the draft; a paid one checks
    and records each call through `wallet`."""

    name: str

    async def write_with_usage(
        self, request: ScriptRequest, wallet: Wallet | None = None
    ) -> WrittenScript: ...


async def write_script(
    writer: ScriptWriter, request: ScriptRequest, wallet: Wallet | None = None
) -> WrittenScript:
    """Write with `writer`, with its usage when it reports any (paid calls through `wallet`)."""
    if isinstance(writer, ReportsUsage):
        return await writer.write_with_usage(request, wallet)
    return WrittenScript(draft=await writer.write(request), writer=writer.name)
