"""The web app's tests: a running app per test, and browsers (httpx clients with cookies)."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from rest_support import ApiHarness, running_rest_app
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from web_support import WebHarness, running_web_app


@pytest.fixture
async def web(tmp_path: Path) -> AsyncIterator[WebHarness]:
    async with running_web_app(tmp_path) as harness:
        yield harness


@pytest.fixture
async def browser() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(follow_redirects=False, timeout=10) as client:
        yield client


@pytest.fixture
async def other_browser() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(follow_redirects=False, timeout=10) as client:
        yield client


@pytest.fixture
async def rest(
    tmp_path: Path, committing: async_sessionmaker[AsyncSession]
) -> AsyncIterator[ApiHarness]:
    """The REST API on PostgreSQL with an in-process job queue (tiny offline renders)."""
    async with running_rest_app(tmp_path, committing) as harness:
        yield harness
