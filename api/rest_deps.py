"""What the REST routes are given (`RestDeps`, built by `python -m api`) and the per-request
dependencies: a database session, and the caller behind the Bearer key (rate-limited)."""

import functools
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.deps import RestDeps, WebDeps, web_deps
from api.rate_limit import RateLimited
from core.api_settings import ApiSettings
from core.plans import Plan, PlanCode
from services.api_keys import ApiCaller, authenticate, digest_of


async def rest_deps(deps: Annotated[WebDeps, Depends(web_deps)]) -> RestDeps:
    assert deps.rest is not None  # noqa: S101 - REST routes are mounted only with RestDeps
    return deps.rest


async def db_session(deps: Annotated[WebDeps, Depends(web_deps)]) -> AsyncIterator[AsyncSession]:
    async with deps.sessionmaker() as session:
        yield session


@functools.cache
def _autocommit(engine: AsyncEngine) -> AsyncEngine:
    return engine.execution_options(isolation_level="AUTOCOMMIT")


async def db_read_session(
    deps: Annotated[WebDeps, Depends(web_deps)],
) -> AsyncIterator[AsyncSession]:
    """For routes that only read: no transaction around their statements, so no BEGIN and
    ROLLBACK round trips (most of a polled status read's database time); each statement
    sees what was committed when it ran."""
    engine = deps.sessionmaker.kw["bind"]
    async with deps.sessionmaker(bind=_autocommit(engine)) as session:
        yield session


def requests_per_minute(plan: Plan, api: ApiSettings) -> int:
    return api.rate_per_minute_agency if plan.code is PlanCode.AGENCY else api.rate_per_minute_pro


bearer = HTTPBearer(auto_error=False, description="An API key made in the bot with /api.")


async def api_caller(
    request: Request,
    response: Response,
    deps: Annotated[WebDeps, Depends(web_deps)],
    rest: Annotated[RestDeps, Depends(rest_deps)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> ApiCaller:
    secret = credentials.credentials if credentials is not None else None
    now = rest.clock()
    digest = digest_of(secret) if secret else ""
    caller = rest.keys.get(digest, now) if digest else None
    if caller is None:
        # A session of its own, closed before the route runs: a request never holds two
        # pooled connections at once (under load, requests each holding one and waiting for
        # a second would starve the pool).
        async with deps.sessionmaker() as session:
            caller = await authenticate(session, secret, now=now)
        rest.keys.put(digest, caller)
    limit = requests_per_minute(caller.plan, rest.settings.api)
    allowance = await rest.limiter.hit(caller.key_id, limit)
    if not allowance.allowed:
        raise RateLimited(allowance)
    response.headers.update(allowance.headers())
    request.state.caller = caller
    return caller


Session = Annotated[AsyncSession, Depends(db_session)]
ReadSession = Annotated[AsyncSession, Depends(db_read_session)]
Caller = Annotated[ApiCaller, Depends(api_caller)]
Rest = Annotated[RestDeps, Depends(rest_deps)]
