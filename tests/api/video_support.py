"""Helpers of the /api/video tests: make a Short over HTTP and wait for it, rows a test
needs without rendering (drafts, a month of Shorts, another user's character), and the
REST app on the production queue (ArqQueue) for the end-to-end test."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from cryptography.fernet import Fernet
from rest_support import BASE, ApiHarness
from sqlalchemy import select

from api.app import create_app
from api.deps import RestDeps, WebDeps
from api.rate_limit import MemoryRateLimiter
from core.enums import ProjectStatus
from core.token_cipher import TokenCipher
from db.models import Character, Project
from jobs.queue import ArqQueue
from services.projects import ProjectRequest, create_project
from storage.local import LocalStore

FINAL = ("done", "failed", "cancelled")
SHORT = {"topic": "Why octopuses have three hearts", "duration": 10, "language": "en"}


async def create_short(
    client: httpx.AsyncClient, headers: dict[str, str], **changes: Any
) -> dict[str, Any]:
    """POST create-short (the tiny default Short, with `changes`); returns the 202's body."""
    response = await client.post(
        "/api/video/create-short", json={**SHORT, **changes}, headers=headers
    )
    assert response.status_code == 202, response.text
    body: dict[str, Any] = response.json()
    assert response.headers["Location"] == body["status_url"]
    return body


async def wait_until(
    client: httpx.AsyncClient, headers: dict[str, str], url: str, *, timeout_s: float = 240
) -> dict[str, Any]:
    """Poll a status URL until its `status` is final; returns the last body."""
    deadline = time.monotonic() + timeout_s
    while True:
        response = await client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        if body["status"] in FINAL:
            return body
        assert time.monotonic() < deadline, f"still {body} after {timeout_s} s"
        await asyncio.sleep(0.25)


def is_mp4(data: bytes) -> bool:
    return len(data) > 8 and data[4:8] == b"ftyp"


async def drafts(rest: ApiHarness, user_id: int, count: int) -> list[int]:
    """`count` draft projects of the user made by the service (nothing queued), oldest first."""
    made = []
    async with rest.sessionmaker() as session:
        for number in range(count):
            request = ProjectRequest(topic=f"Draft number {number}", language="en", duration=10)
            made.append((await create_project(session, rest.storage, user_id, request)).id)
        await session.commit()
    return made


async def use_up_month(rest: ApiHarness, user_id: int, count: int) -> None:
    """`count` finished Shorts of the user this month: the plan's quota, used up."""
    async with rest.sessionmaker() as session:
        session.add_all(
            Project(
                user_id=user_id,
                topic=f"Made {n}",
                language="en",
                target_duration=10.0,
                style="vivid",
                tone="friendly",
                status=ProjectStatus.DONE,
            )
            for n in range(count)
        )
        await session.commit()


async def fail(rest: ApiHarness, project_id: int) -> None:
    """The project as a job leaves one that failed for good."""
    async with rest.sessionmaker() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        project.status, project.error_key = ProjectStatus.FAILED, "error-render-failed"
        await session.commit()


async def character_of(rest: ApiHarness, user_id: int) -> int:
    async with rest.sessionmaker() as session:
        character = Character(user_id=user_id, name="Octo", style="vivid")
        session.add(character)
        await session.commit()
        return character.id


async def project_count(rest: ApiHarness, user_id: int) -> int:
    async with rest.sessionmaker() as session:
        found = await session.scalars(select(Project.id).where(Project.user_id == user_id))
        return len(found.all())


async def stored_project(rest: ApiHarness, project_id: int) -> Project:
    async with rest.sessionmaker() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        return project


@asynccontextmanager
async def app_on_queue(
    rest: ApiHarness, queue: ArqQueue, tmp_path: Path
) -> AsyncIterator[httpx.AsyncClient]:
    """A second app like the harness's, on the same database and storage, whose routes
    enqueue on `queue` (Redis) instead of the in-process LocalQueue."""
    limiter = MemoryRateLimiter()
    deps = RestDeps(
        settings=rest.settings, queue=queue, storage=rest.storage, clock=rest.clock,
        limiter=limiter,
    )  # fmt: skip
    async with aiohttp.ClientSession() as http:
        web = WebDeps(
            sessionmaker=rest.sessionmaker, clients={}, http=http,
            cipher=TokenCipher([Fernet.generate_key().decode()]), links=rest.links,
            store=LocalStore(rest.storage.root), scratch=tmp_path / "scratch-arq", rest=deps,
        )  # fmt: skip
        transport = httpx.ASGITransport(app=create_app(web))
        async with httpx.AsyncClient(transport=transport, base_url=BASE, timeout=30) as client:
            try:
                yield client
            finally:
                await limiter.close()
