"""The weekly digest a job hands to the Notifier: the bot renders it in the user's language
(the numbers, the best Short, the views chart)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class WeeklyDigest:
    user_id: int
    now: datetime  # the week ends here


@runtime_checkable
class DigestNotifier(Protocol):
    """A Notifier that reaches the users' chats (the bot's) also sends their digests."""

    async def weekly_digest(self, digest: WeeklyDigest) -> bool:
        """Send the digest. True once the user has it (or never can: blocked, gone); False
        to try again on a later pass."""
        ...
