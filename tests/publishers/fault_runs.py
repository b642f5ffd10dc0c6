"""Drive one publication the way the job does, try after try, until it settles: a crash
(LedgerCrash) or a transient failure is followed by another try on the same ledger, an
ambiguous commit by the reconciler. Each platform's fault tests assert the emulator's
ledger afterwards: exactly one public post, or none when the publication failed."""

import random
from collections.abc import Callable

from core.enums import PublicationState
from core.errors import DomainError
from publishers.base import PublishContext, Publisher
from publishers.errors import ReconnectRequired, UserMustConfirm
from publishers.runner import run_publication
from tests.publishers.ledgers import LedgerCrash, MemoryLedger

SETTLED = (PublicationState.PUBLISHED, PublicationState.FAILED)


async def settle(
    publisher: Publisher,
    new_context: Callable[[], PublishContext],
    ledger: MemoryLedger,
    *,
    max_tries: int = 60,
) -> PublicationState:
    """Tries until PUBLISHED or FAILED (or the account needs reconnecting, or its owner must
    confirm an unknown outcome); each try gets a fresh context, as a new job run would, on
    the same ledger."""
    for _ in range(max_tries):
        try:
            await run_publication(publisher, new_context())
        except LedgerCrash:
            continue
        except ReconnectRequired:
            return ledger.state
        except UserMustConfirm:  # Telegram: only the owner can say; no further try can
            return ledger.state
        except DomainError:
            if ledger.state in SETTLED:
                return ledger.state
            continue
        return ledger.state
    raise AssertionError(f"did not settle in {max_tries} tries: {ledger.state} {ledger.values}")


def seeded(seed: int) -> random.Random:
    """The fault plan's random source; a failing run prints its seed in the assertion."""
    return random.Random(seed)  # noqa: S311 (a test's reproducible faults)
