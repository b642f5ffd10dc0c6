"""Re-seal every stored token with the newest key (`python -m cli tokens rotate`).

Run it after putting a new key first in `PUBLISHERS__TOKEN_KEYS`; when it is done, the old
key can go. Batches commit as they go, so a stopped run is simply run again. A refresh that
stores new tokens meanwhile seals them with the newest key anyway.
"""

from dataclasses import dataclass

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.token_cipher import TokenCipher
from db.queries import social_accounts

log = structlog.get_logger(__name__)
BATCH = 100


@dataclass(frozen=True, slots=True)
class RotationReport:
    accounts: int
    tokens: int


async def rotate_tokens(
    sessionmaker: async_sessionmaker[AsyncSession], cipher: TokenCipher, *, batch: int = BATCH
) -> RotationReport:
    """Every account's tokens re-sealed with the cipher's newest key.

    Raises TokenUnreadable when a token opens with none of the keys (a key was dropped too
    early): the batches before it are committed, nothing after it is touched.
    """
    after, accounts, tokens = 0, 0, 0
    while True:
        async with sessionmaker() as session:
            found = await social_accounts.list_sealed_batch(session, after, batch)
            for account in found:
                if account.access_token is not None:
                    account.access_token = cipher.reseal(account.access_token)
                    tokens += 1
                if account.refresh_token is not None:
                    account.refresh_token = cipher.reseal(account.refresh_token)
                    tokens += 1
            await session.commit()
        if not found:
            break
        accounts += len(found)
        after = found[-1].id
    log.info("tokens.rotated", accounts=accounts, tokens=tokens)
    return RotationReport(accounts=accounts, tokens=tokens)
