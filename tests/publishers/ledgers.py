"""An in-memory Ledger and Credentials for driving one publisher against its emulator
(the database-backed ones are tested with the runner in tests/services/)."""

from dataclasses import dataclass, field

import aiohttp

from core.enums import PublicationState
from publishers.base import LedgerValue
from publishers.oauth import OAuthClient, TokenSet


class LedgerCrash(Exception):
    """A worker dying right after a save: what was saved stays, the rest of the try is lost."""


@dataclass
class MemoryLedger:
    values: dict[str, LedgerValue] = field(default_factory=dict)
    state: PublicationState = PublicationState.QUEUED
    history: list[PublicationState] = field(default_factory=list)
    crash_after_saves: int | None = None  # raise LedgerCrash after this many saves
    saves: int = 0

    def get(self, key: str) -> LedgerValue:
        return self.values.get(key)

    async def save(self, state: PublicationState | None = None, **values: LedgerValue) -> None:
        for key, value in values.items():
            if value is None:
                self.values.pop(key, None)
            else:
                self.values[key] = value
        if state is not None and state != self.state:
            self.state = state
            self.history.append(state)
        self.saves += 1
        if self.crash_after_saves is not None and self.saves >= self.crash_after_saves:
            self.crash_after_saves = None
            raise LedgerCrash


@dataclass
class OAuthCredentials:
    """Tokens kept in memory and refreshed through the platform's real OAuthClient."""

    account_id: str
    tokens: TokenSet
    client: OAuthClient
    http: aiohttp.ClientSession
    refreshes: int = 0

    async def access_token(self) -> str:
        return self.tokens.access_token

    async def refresh_after_rejection(self, rejected: str) -> str:
        if rejected == self.tokens.access_token:
            refreshed = await self.client.refresh(self.http, self.tokens)
            keep = refreshed.refresh_token or self.tokens.refresh_token
            self.tokens = TokenSet(refreshed.access_token, keep, refreshed.expires_at)
            self.refreshes += 1
        return self.tokens.access_token


@dataclass
class StaticCredentials:
    """A credential that never expires (a Telegram bot token)."""

    account_id: str
    token: str

    async def access_token(self) -> str:
        return self.token

    async def refresh_after_rejection(self, rejected: str) -> str:
        return self.token
